import { ALERT_ID_PATTERN, ValidationFailedError } from '@vantage/contracts';

/** Where a page of the alert list ended: the last alert's opening time and id. */
export interface AlertCursor {
  readonly openedAt: Date;
  readonly id: string;
}

/** Opaque to clients: base64url of `<openedAt ms>:<alert id>`. */
export function encodeAlertCursor(cursor: AlertCursor): string {
  return Buffer.from(`${cursor.openedAt.getTime()}:${cursor.id}`).toString('base64url');
}

/** The cursor, or a 400 naming the `cursor` field for anything this list did not hand out. */
export function decodeAlertCursor(text: string): AlertCursor {
  const [ms = '', id = '', ...rest] = Buffer.from(text, 'base64url').toString('utf8').split(':');
  const openedAt = new Date(/^\d{1,16}$/.test(ms) ? Number(ms) : Number.NaN);
  if (rest.length > 0 || Number.isNaN(openedAt.getTime()) || !ALERT_ID_PATTERN.test(id)) {
    throw new ValidationFailedError('the cursor is not valid', [
      { field: 'cursor', message: 'cursor is not a cursor of this list' },
    ]);
  }
  return { openedAt, id };
}
