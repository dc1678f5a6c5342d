import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Organization } from '../../identity/identity.schemas';

/** The organisation's name, which the weekly report is titled with (reporting does not know it). */
@Injectable()
export class OrgNameDirectory {
  constructor(@InjectModel(Organization.name) private readonly orgs: Model<Organization>) {}

  /** Undefined for an org without a name: the report then says "your organisation". */
  async nameOf(orgId: string): Promise<string | undefined> {
    const org = await this.orgs
      .findById(orgId, { name: 1 })
      .lean<Pick<Organization, 'name'>>()
      .exec();
    const name = org?.name?.trim();
    return name ? name : undefined;
  }
}
