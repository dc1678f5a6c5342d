import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LENGTH = 20;

/** `arl_` and 20 base62 characters: an alert rule id. */
export function newAlertRuleId(): string {
  return `arl_${randomBase62()}`;
}

/** `alt_` and 20 base62 characters: an alert id. */
export function newAlertId(): string {
  return `alt_${randomBase62()}`;
}

/** From a CSPRNG; bytes past 247 are dropped so there is no modulo bias. */
function randomBase62(): string {
  let id = '';
  while (id.length < LENGTH) {
    for (const byte of randomBytes(LENGTH * 2)) {
      if (byte < 248 && id.length < LENGTH) id += ALPHABET[byte % 62];
    }
  }
  return id;
}
