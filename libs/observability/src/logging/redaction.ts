/** Fields that must never reach a log line, wherever they sit in a logged object. */
export const REDACTED_KEYS = [
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'secret',
  'clientSecret',
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'stripe-signature',
] as const;

export function redactionPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    const accessor = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
    paths.push(accessor.startsWith('.') ? key : accessor, `*${accessor}`, `*.*${accessor}`);
  }
  return paths;
}
