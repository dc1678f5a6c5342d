import type { AlertStatus } from '@vantage/contracts';

const MINUTE_MS = 60_000;

/** What the state machine needs of a rule's newest alert. */
export interface LatestAlert {
  readonly id: string;
  readonly seq: number;
  readonly status: AlertStatus;
  readonly resolvedAt?: Date | undefined;
}

export type AlertTransition =
  /** Open the rule's alert number `seq`, and notify. */
  | { readonly action: 'open'; readonly seq: number }
  /** The open (or acknowledged) alert still holds: note when it was seen, notify nothing. */
  | { readonly action: 'keep'; readonly alertId: string }
  /** The condition cleared: resolve the alert, and notify. */
  | { readonly action: 'resolve'; readonly alertId: string }
  /** The condition holds again too soon after the last alert resolved: nothing until then. */
  | { readonly action: 'cool-down'; readonly until: Date }
  | { readonly action: 'none' };

/**
 * One rule's step at one evaluation, from its newest alert and whether its condition holds
 * now. Pure: the evaluator applies the answer with conditional writes.
 *
 * - holds, no active alert: open one, numbered after the newest, unless the newest resolved
 *   less than `cooldownMinutes` ago;
 * - holds, an active alert (open or acknowledged): keep it, no duplicate;
 * - does not hold, an active alert: resolve it;
 * - unknown (`null`: the formula had no value, e.g. a division by zero): change nothing, so a
 *   gap in the data neither raises nor resolves.
 */
export function nextTransition(
  latest: LatestAlert | null,
  holds: boolean | null,
  cooldownMinutes: number,
  now: Date,
): AlertTransition {
  const active = latest !== null && latest.status !== 'resolved';
  if (holds === null) return { action: 'none' };
  if (!holds) return active ? { action: 'resolve', alertId: latest.id } : { action: 'none' };
  if (active) return { action: 'keep', alertId: latest.id };
  const resolvedAt = latest?.resolvedAt;
  if (resolvedAt && cooldownMinutes > 0) {
    const until = new Date(resolvedAt.getTime() + cooldownMinutes * MINUTE_MS);
    if (now < until) return { action: 'cool-down', until };
  }
  return { action: 'open', seq: (latest?.seq ?? 0) + 1 };
}
