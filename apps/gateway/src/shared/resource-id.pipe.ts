import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from '@vantage/contracts';

/**
 * Path ids of our own resources (`key_...`, `usr_...`): anything else cannot exist, so it is a
 * 404 like another org's id, and never reaches a query.
 */
@Injectable()
export class ResourceIdPipe implements PipeTransform<unknown, string> {
  private readonly pattern: RegExp;

  constructor(private readonly kind: 'org' | 'usr' | 'key' | 'inv') {
    this.pattern = new RegExp(`^${kind}_[A-Za-z0-9]{20}$`);
  }

  transform(value: unknown): string {
    if (typeof value !== 'string' || !this.pattern.test(value)) {
      throw new NotFoundError(`no such ${this.kind === 'usr' ? 'member' : 'resource'}`);
    }
    return value;
  }
}
