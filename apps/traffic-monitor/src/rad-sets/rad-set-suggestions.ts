import {
  RAD_SET_NAME_MAX_LENGTH,
  RAD_SET_SUGGESTION_SAMPLES_MAX,
  RAD_SET_SUGGESTIONS_MAX,
  type RadSetSuggestionDto,
} from '@vantage/contracts';
import { type ClassifiableRadSet, RadSetClassifier } from './rad-set-classifier';
import { radSetNameKey } from './rad-set-name';

/** What suggesting needs of the organisation's sets. */
export interface ExistingRadSet extends ClassifiableRadSet {
  readonly colour: string;
}

export interface RadSetSuggestions {
  readonly items: RadSetSuggestionDto[];
  /** Event ids an enabled set already matches (left out of every suggestion). */
  readonly covered: number;
}

/** Colours for suggested sets, those the organisation's sets do not use first. */
const PALETTE = [
  '#2563eb',
  '#7c3aed',
  '#059669',
  '#d97706',
  '#dc2626',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#4f46e5',
  '#ea580c',
];

/**
 * Proposes RAD sets for the event ids no enabled set matches: ids are grouped by their first two
 * dotted segments (`shop.checkout.*` for `shop.checkout.pay`), by the first one when an id has
 * only two (`app.*` for `app.open`), and an id without a dot stands for itself. Groups holding
 * the most ids come first. Each body is a valid create body whose name no set of the
 * organisation has, so it can be sent as it is.
 */
export function suggestRadSets(
  eventIds: readonly string[],
  existing: readonly ExistingRadSet[],
): RadSetSuggestions {
  const classifier = new RadSetClassifier(existing);
  const groups = new Map<string, string[]>();
  let covered = 0;
  for (const eventId of new Set(eventIds)) {
    if (classifier.classify(eventId)) {
      covered += 1;
      continue;
    }
    const pattern = groupPattern(eventId);
    const members = groups.get(pattern);
    if (members) members.push(eventId);
    else groups.set(pattern, [eventId]);
  }
  const names = new Set(existing.map((set) => radSetNameKey(set.name)));
  const colours = coloursFree(existing);
  const items = [...groups]
    .sort(([a, ids], [b, others]) => others.length - ids.length || compareText(a, b))
    .slice(0, RAD_SET_SUGGESTIONS_MAX)
    .map(([pattern, ids], index): RadSetSuggestionDto => {
      const name = freeName(pattern.endsWith('.*') ? pattern.slice(0, -2) : pattern, names);
      names.add(radSetNameKey(name));
      return {
        body: { name, pattern, colour: colours[index % colours.length] as string },
        eventIdCount: ids.length,
        sampleEventIds: ids.sort(compareText).slice(0, RAD_SET_SUGGESTION_SAMPLES_MAX),
      };
    });
  return { items, covered };
}

/**
 * The glob of an id's group. Event ids hold no wildcard characters, and a prefix is shorter
 * than the id by at least two characters, so the glob is as long as the id at most.
 */
function groupPattern(eventId: string): string {
  const segments = eventId.split('.');
  if (segments.length === 1) return eventId;
  return `${segments.slice(0, Math.min(2, segments.length - 1)).join('.')}.*`;
}

/** `base`, or `base (2)`, `base (3)`...: within the name length, and not in `taken`. */
function freeName(base: string, taken: ReadonlySet<string>): string {
  const readable = base.trim() === '' ? 'events' : base;
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const name = readable.slice(0, RAD_SET_NAME_MAX_LENGTH - suffix.length) + suffix;
    if (!taken.has(radSetNameKey(name))) return name;
  }
}

function coloursFree(existing: readonly ExistingRadSet[]): readonly string[] {
  const used = new Set(existing.map((set) => set.colour.toLowerCase()));
  const free = PALETTE.filter((colour) => !used.has(colour));
  return free.length > 0 ? free : PALETTE;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
