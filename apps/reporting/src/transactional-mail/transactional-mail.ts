import type { MailKind } from '@vantage/contracts';
import type { ConfirmationRule } from '../mail-consent/mail-consent.service';
import type { NoticeView } from '../templates/notice';

/** What every transactional mail request carries: whom to mail, for which org, once per key. */
export interface TransactionalMailEvent {
  readonly orgId: string;
  /** The same notice emitted twice has the same key, so it is mailed once. */
  readonly dedupeKey: string;
  readonly recipients: readonly string[];
}

/** A kind of one-notice e-mail (alert, dunning): what sets it apart from the others. */
export interface TransactionalMail<E extends TransactionalMailEvent> {
  readonly kind: MailKind;
  /** A run not finished within this window is dropped instead of resumed: its news is stale. */
  readonly resumeWindowMs: number;
  /**
   * Alert mail goes to addresses an org typed in: they confirm first, and it counts against
   * the org's quota. Dunning goes to billing's own address for the org: neither.
   */
  readonly confirmation: ConfirmationRule;
  readonly quota: 'counted' | 'exempt';
  view(event: E): NoticeView;
}
