import { compileEventIdGlob, type EventIdGlobMatcher } from '@vantage/formula';

/** What the classifier needs of a RAD set. */
export interface ClassifiableRadSet {
  /** Unique per organisation: the last tie-breaker. */
  readonly name: string;
  readonly pattern: string;
  readonly enabled: boolean;
  readonly priority: number;
}

interface CompiledSet<T> {
  readonly set: T;
  readonly matches: EventIdGlobMatcher;
  readonly literalCharacters: number;
}

/**
 * Assigns each event id to at most one RAD set. Patterns are compiled once, when the classifier
 * is built, and the sets kept in precedence order, so classifying is a scan that stops at the
 * first match:
 *
 * 1. disabled sets never match (their events fall to the next matching set, or `unknown`);
 * 2. the highest `priority` wins;
 * 3. on equal priority, the most specific pattern wins: the one with the most literal
 *    (non-wildcard) characters, e.g. `shop.cart.reco*` before `shop.*`;
 * 4. then the name (unique per org), alphabetically, so storage order never matters.
 */
export class RadSetClassifier<T extends ClassifiableRadSet> {
  private readonly ordered: readonly CompiledSet<T>[];

  constructor(sets: readonly T[]) {
    this.ordered = sets
      .filter((set) => set.enabled)
      .map((set) => ({
        set,
        matches: compileEventIdGlob(set.pattern),
        literalCharacters: literalCharacters(set.pattern),
      }))
      .sort(
        (a, b) =>
          b.set.priority - a.set.priority ||
          b.literalCharacters - a.literalCharacters ||
          compareText(a.set.name, b.set.name),
      );
  }

  /** The set an event id belongs to; undefined for `unknown`. */
  classify(eventId: string): T | undefined {
    return this.ordered.find((compiled) => compiled.matches(eventId))?.set;
  }
}

/** Characters of the glob that must appear literally in a matching id. */
export function literalCharacters(pattern: string): number {
  return pattern.replace(/[*?]/g, '').length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
