import { type AlertRuleDto, maskEmailAddress, type ReportRunDto } from '@vantage/contracts';
import type { Principal } from '../../auth/principal';

/**
 * Recipients' addresses are personal data: people with access and keys with the admin scope see
 * them; a key that may only read (a dashboard, a monitor) sees them masked, `c***@example.com`.
 */
export function seesAddresses(principal: Principal): boolean {
  return principal.kind === 'user' || principal.scopes.includes('admin');
}

export function withMaskedAddress<T extends { readonly email: string }>(item: T): T {
  return { ...item, email: maskEmailAddress(item.email) };
}

export function runForReader(principal: Principal, run: ReportRunDto): ReportRunDto {
  return seesAddresses(principal)
    ? run
    : { ...run, recipients: run.recipients.map(withMaskedAddress) };
}

export function ruleForReader(principal: Principal, rule: AlertRuleDto): AlertRuleDto {
  const email = rule.channels.email;
  if (seesAddresses(principal) || !email) return rule;
  return {
    ...rule,
    channels: { ...rule.channels, email: { recipients: email.recipients.map(maskEmailAddress) } },
  };
}
