import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from '@vantage/contracts';

/** The prefixes of the ids the gateway issues itself. */
type OwnIdKind = 'org' | 'usr' | 'key' | 'inv';

/**
 * Path ids of our own resources (`key_...`, `usr_...`) and of the services' (a RAD set's
 * `rad_...`, given its pattern from the contracts): anything else cannot exist, so it is a 404
 * like another org's id, and never reaches a query or a service. The document says the pattern
 * on the path parameter (openapi-refinements reads it from the pipe).
 */
@Injectable()
export class ResourceIdPipe implements PipeTransform<unknown, string> {
  readonly pattern: RegExp;
  private readonly notFound: string;

  constructor(kind: OwnIdKind);
  constructor(pattern: RegExp, notFound: string);
  constructor(kindOrPattern: OwnIdKind | RegExp, notFound?: string) {
    if (kindOrPattern instanceof RegExp) {
      this.pattern = kindOrPattern;
      this.notFound = notFound ?? 'no such resource';
    } else {
      this.pattern = new RegExp(`^${kindOrPattern}_[A-Za-z0-9]{20}$`);
      this.notFound = `no such ${kindOrPattern === 'usr' ? 'member' : 'resource'}`;
    }
  }

  transform(value: unknown): string {
    if (typeof value !== 'string' || !this.pattern.test(value)) {
      throw new NotFoundError(this.notFound);
    }
    return value;
  }
}
