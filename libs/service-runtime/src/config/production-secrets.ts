import { deflateRawSync } from 'node:zlib';

/**
 * Words that mark a value as a placeholder or a development default: every value this
 * repository publishes for a secret (built-in defaults, docker-compose's fallbacks, the k8s
 * Secret template) carries one of them, so a copied value is refused even if the lists change.
 */
const PLACEHOLDER_WORDS = /change-?me|replace|dev|example/i;

/** 32 random bytes: 64 hex digits, or 43 base64 characters (`openssl rand -hex 32`). */
export const MIN_SECRET_BYTES = 32;
const MIN_HEX_LENGTH = MIN_SECRET_BYTES * 2;
const MIN_OTHER_LENGTH = Math.ceil((MIN_SECRET_BYTES * 8) / 6);
/**
 * Below these, the value is not random whatever its length: the Shannon estimate of its own
 * characters (32 random bytes in base64url measure >= 181 bits, in hex >= 217, over 200,000
 * draws) and its deflated size (>= 42 bytes for either) catch repeats and tiny alphabets.
 */
const MIN_SHANNON_BITS = 160;
const MIN_DEFLATED_BYTES = 32;

export interface ProductionSecret {
  /** The variable's name, for the message. */
  readonly name: string;
  readonly value: string;
  /** Values published in this repository for it, refused even without a placeholder word. */
  readonly published?: readonly string[];
  /**
   * Whether the value must carry 32 random bytes (default). Off for values whose format a
   * provider sets (Stripe's whsec_/sk_live_): those are only checked for published values.
   */
  readonly random?: boolean;
}

/** Why `secret` must not be used in production, or null. The value never appears in it. */
export function productionSecretProblem(secret: ProductionSecret): string | null {
  const { name, value } = secret;
  if (secret.published?.includes(value)) {
    return `${name} must be a secret of your own in production (this value is published)`;
  }
  if (PLACEHOLDER_WORDS.test(value)) {
    return `${name} must be a secret of your own in production (the value looks like a placeholder: change-me/replace/dev/example)`;
  }
  if ((secret.random ?? true) && !looksRandomEnough(value)) {
    return `${name} must carry at least ${MIN_SECRET_BYTES} random bytes in production (e.g. \`openssl rand -hex ${MIN_SECRET_BYTES}\`: ${MIN_HEX_LENGTH} hex digits, or ${MIN_OTHER_LENGTH}+ base64 characters)`;
  }
  return null;
}

/** Every problem of the given secrets (empty when all may be used in production). */
export function productionSecretProblems(secrets: readonly ProductionSecret[]): string[] {
  return secrets
    .map(productionSecretProblem)
    .filter((problem): problem is string => problem !== null);
}

function looksRandomEnough(value: string): boolean {
  const minLength = /^[0-9a-f]+$/i.test(value) ? MIN_HEX_LENGTH : MIN_OTHER_LENGTH;
  return (
    value.length >= minLength &&
    shannonBits(value) >= MIN_SHANNON_BITS &&
    deflateRawSync(value, { level: 9 }).length >= MIN_DEFLATED_BYTES
  );
}

/** The value's length times the entropy of its own character frequencies. */
function shannonBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * value.length;
}
