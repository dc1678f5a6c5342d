/**
 * Event-id globs: `*` any run of characters (dots too), `?` exactly one, everything else
 * literal, matched against the whole id. Matched without RegExp: `*` as `.*` let a glob such as
 * `*a*a*a*a*a*a*Z` try every placement of its letters in a long id (minutes of CPU).
 */

/**
 * Most `*` one glob may hold. Matching costs at most (glob length x id length) comparisons
 * whatever the count, so the cap is not what keeps matching cheap: it keeps globs readable
 * (real ones hold one to three, `pandc.*.feed.*`), and bounds the cost of any other engine a
 * glob may reach later (a database `$regex` backtracks the way RegExp did).
 */
export const EVENT_ID_GLOB_MAX_STARS = 8;

/** A glob compiled once, to test many ids. */
export type EventIdGlobMatcher = (eventId: string) => boolean;

export function countGlobStars(glob: string): number {
  let stars = 0;
  for (const char of glob) if (char === '*') stars++;
  return stars;
}

/** What every matching id starts with: the glob up to its first wildcard (maybe ''). */
export function eventIdGlobLiteralPrefix(glob: string): string {
  const star = glob.indexOf('*');
  const question = glob.indexOf('?');
  const end = Math.min(star < 0 ? glob.length : star, question < 0 ? glob.length : question);
  return glob.slice(0, end);
}

/**
 * Splits the glob at its stars: the first piece must match at the start of the id, the last at
 * its end, and each piece between at its leftmost place after the previous one (the leftmost
 * place leaves the most room for the pieces after it, so no other place needs trying).
 * At most (glob length x id length) comparisons, never backtracking past a star.
 */
export function compileEventIdGlob(glob: string): EventIdGlobMatcher {
  const pieces = glob.split('*');
  const head = pieces[0] ?? '';
  if (pieces.length === 1) {
    return (eventId) => eventId.length === head.length && pieceAt(head, eventId, 0);
  }
  const tail = pieces[pieces.length - 1] ?? '';
  const middle = pieces.slice(1, -1).filter((piece) => piece.length > 0);
  const shortest = middle.reduce((sum, piece) => sum + piece.length, head.length + tail.length);
  return (eventId) => {
    if (eventId.length < shortest) return false;
    const end = eventId.length - tail.length;
    if (!pieceAt(head, eventId, 0) || !pieceAt(tail, eventId, end)) return false;
    let from = head.length;
    for (const piece of middle) {
      const at = leftmostPiece(piece, eventId, from, end);
      if (at < 0) return false;
      from = at + piece.length;
    }
    return true;
  };
}

export function matchesEventIdGlob(glob: string, eventId: string): boolean {
  return compileEventIdGlob(glob)(eventId);
}

/** Whether a star-free piece (`?` one character) matches the id at `at`; the caller keeps it in bounds. */
function pieceAt(piece: string, eventId: string, at: number): boolean {
  for (let i = 0; i < piece.length; i++) {
    const char = piece[i];
    if (char !== '?' && char !== eventId[at + i]) return false;
  }
  return true;
}

/** The first place in [from, end) where the piece matches entirely, or -1. */
function leftmostPiece(piece: string, eventId: string, from: number, end: number): number {
  for (let at = from; at + piece.length <= end; at++) {
    if (pieceAt(piece, eventId, at)) return at;
  }
  return -1;
}
