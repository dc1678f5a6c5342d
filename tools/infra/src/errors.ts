/**
 * An error whose message is meant for a human at a terminal: one line that says what to do.
 * The CLI prints only the message for these, never a stack trace.
 */
export class InfraError extends Error {
  override readonly name = 'InfraError';
}

/** First line of any thrown value, so nothing multi-line (or a stack) leaks into the one-line output. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n').find((line) => line.trim() !== '');
  return (first ?? 'unknown error').trim();
}

/** Hide credentials when a URL from the environment ends up in a message or log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
