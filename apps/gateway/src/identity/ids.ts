import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Public, unguessable ids with a readable kind: `org_3kT9...`, `usr_...`, `key_...`. */
export function newId(kind: 'org' | 'usr' | 'mem' | 'key' | 'inv' | 'rtk' | 'aud'): string {
  return `${kind}_${randomToken(20)}`;
}

/** Base62 characters from a CSPRNG; modulo bias is avoided by rejecting bytes past 248. */
export function randomToken(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}
