/**
 * Whether a parsed JSON value holds a string (value or key) that is not well-formed UTF-16: a
 * lone surrogate, which JSON's `\ud800` escape lets through. Such text is no Unicode at all;
 * validators that re-encode it (isEmail's encodeURI) throw, and stores would mangle it.
 * Iterative, like exceedsJsonDepth, so that any shape is walked safely.
 */
export function containsLoneSurrogate(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      if (!isWellFormed(node)) return true;
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      if (!isWellFormed(key)) return true;
      stack.push(child);
    }
  }
  return false;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
