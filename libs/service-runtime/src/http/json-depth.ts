/** Deeper than any document of ours; far below what recursive validators can walk safely. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a parsed JSON value nests objects/arrays deeper than `max`. Iterative on purpose: the
 * point is to refuse input that would overflow the stack of recursive code, so this must not.
 */
export function exceedsJsonDepth(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
