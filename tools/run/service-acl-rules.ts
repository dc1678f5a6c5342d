import { SERVICE_NAMES } from '@vantage/contracts';
import { serviceAclRules } from '@vantage/transport';
import type { ServiceAclRules } from '../infra/src/redis-acl';

/** Every app's Redis ACL rules for `prefix`, straight from the transport's table. */
export function serviceAclRulesFor(prefix: string): ServiceAclRules {
  return new Map(SERVICE_NAMES.map((service) => [service, serviceAclRules(service, prefix)]));
}
