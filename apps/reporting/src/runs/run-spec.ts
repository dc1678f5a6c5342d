import type { MailKind, RunTrigger } from '@vantage/contracts';
import type { OutgoingMail } from '../mailer/mailer';
import type { MailDelivery, MailRun } from './run.schema';

/** Someone a run mails. */
export interface PlannedRecipient {
  readonly email: string;
  readonly name: string | null;
  /** The report recipient, for the unsubscribe check; null for alert and dunning mail. */
  readonly recipientId: string | null;
}

/** One delivery's e-mail, minus what the executor adds (addressee, Message-ID, kind). */
export type RenderedMail = Omit<OutgoingMail, 'to' | 'messageId' | 'kind'>;

/** A run's content made ready to send: the shared parts (charts) built once. */
export interface PreparedRun {
  render(delivery: MailDelivery): RenderedMail;
}

/**
 * What a kind of mail tells the executor: who gets it, what it is made of, how to render it.
 * The executor does the rest the same way for every kind (lock, records, retries, resume).
 */
export interface RunSpec<C = unknown> {
  readonly kind: MailKind;
  readonly orgId: string;
  readonly key: string;
  readonly trigger: RunTrigger;
  /** Who the run must reach now; anyone not in it yet is added. */
  recipients(): Promise<readonly PlannedRecipient[]>;
  /** Builds the content on the run's first attempt (later attempts reuse it). */
  build(): Promise<{ readonly subject: string; readonly content: C }>;
  prepare(content: C): Promise<PreparedRun>;
  /** Each delivery counts against the org's daily quota, or (billing's dunning) does not. */
  readonly quota: 'counted' | 'exempt';
  /**
   * Why the delivery must not go out (the recipient left, or has not confirmed yet), checked
   * right before sending; null sends it.
   */
  refusal?(delivery: MailDelivery): Promise<string | null>;
}

/** Rebuilds the spec of a stored run of one kind, for the scheduler to resume it. */
export type RunSpecFactory = (run: MailRun) => Promise<RunSpec | null>;
