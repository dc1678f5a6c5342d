/** Why a send failed, and whether trying again can help. */
export interface MailFailure {
  /** The server refused for good (5xx, a bad address): retrying sends nothing. */
  readonly permanent: boolean;
  /** One line, without the message or credentials: for the run record and the logs. */
  readonly message: string;
}

const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * Sorts nodemailer's errors: a 5xx reply (mailbox unknown, message refused) or an envelope the
 * server cannot take is permanent; connection failures, timeouts, 4xx replies (greylisting, a
 * full queue) and authentication trouble (fixed by an operator, then resumed) are not.
 */
export function classifyMailError(error: unknown): MailFailure {
  const details = error as { code?: unknown; responseCode?: unknown; message?: unknown } | null;
  const code = typeof details?.code === 'string' ? details.code : undefined;
  const responseCode = typeof details?.responseCode === 'number' ? details.responseCode : undefined;
  const text = typeof details?.message === 'string' ? details.message : String(error);
  const message = [code, responseCode, text.split('\n')[0]?.slice(0, 300)]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
  const permanent =
    (responseCode !== undefined && responseCode >= 500 && responseCode < 600) ||
    (code !== undefined && PERMANENT_CODES.has(code));
  return { permanent, message };
}
