import { MONGO_WORK_LOCK_TTL_MS } from '@vantage/service-runtime';

/**
 * The lock every change to an org's membership (role changes, removals, invitations accepted or
 * revoked) and to its document (settings, plan) takes, so each decides on what it reads and
 * nothing changes in between.
 */
export function orgLockName(orgId: string): string {
  return `org:${orgId}`;
}

/** Covers the few MongoDB calls (and one password hash) a membership change makes. */
export const ORG_LOCK_TTL_MS = MONGO_WORK_LOCK_TTL_MS;
/** How long a change waits behind others of the same org before a 503 with Retry-After. */
export const ORG_LOCK_WAIT_MS = 10_000;
