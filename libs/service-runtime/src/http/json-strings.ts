/**
 * Whether a parsed JSON value holds a string (value or key) that is not well-formed UTF-16: a
 * lone surrogate, which JSON's `\ud800` escape lets through. Such text is no Unicode at all;
 * validators that re-encode it (isEmail's encodeURI) throw, and stores would mangle it.
 */
export function containsLoneSurrogate(value: unknown): boolean {
  return someString(value, (text) => !isWellFormed(text));
}

/**
 * Whether a parsed JSON value holds a string (value or key) with U+0000 (JSON's `\u0000`). The
 * local store keeps documents as PostgreSQL jsonb, whose text cannot hold it (the write fails),
 * and no name, label or query of ours needs it: refused up front rather than failing in storage.
 */
export function containsNulCharacter(value: unknown): boolean {
  return someString(value, (text) => text.includes('\u0000'));
}

/** What a request body's strings may hold that the body guard refuses, worst first. */
export type JsonStringFlaw = 'lone-surrogate' | 'nul';

/**
 * The worst flaw of any string in a parsed JSON value (a lone surrogate before U+0000), found
 * in one walk: the body guard asks both questions of every request body.
 */
export function jsonStringFlawOf(value: unknown): JsonStringFlaw | undefined {
  let flaw: JsonStringFlaw | undefined;
  someString(value, (text) => {
    if (!isWellFormed(text)) flaw = 'lone-surrogate';
    else if (text.includes('\u0000')) flaw = 'nul';
    return flaw === 'lone-surrogate';
  });
  return flaw;
}

/** Iterative, like exceedsJsonDepth, so that any shape is walked safely. */
function someString(value: unknown, matches: (text: string) => boolean): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      if (matches(node)) return true;
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      if (matches(key)) return true;
      stack.push(child);
    }
  }
  return false;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
