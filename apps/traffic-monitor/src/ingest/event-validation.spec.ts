import { AcceptanceWindow, EventVerdict, MAX_EVENT_COUNT, validateEvent } from './event-validation';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const window: AcceptanceWindow = {
  oldestMs: NOW - 14 * 86_400_000,
  newestMs: NOW + 300_000,
  retentionDays: 14,
};

const event = (fields: Record<string, unknown> = {}) => ({
  eventId: 'pandc.feed.impression',
  timestamp: NOW,
  ...fields,
});
const reasonOf = (verdict: EventVerdict) => (verdict.ok ? 'ok' : verdict.rejection.reason);

describe('validateEvent', () => {
  it('accepts a minimal event with count 1 and no dimensions', () => {
    expect(validateEvent(event(), window)).toEqual({
      ok: true,
      event: { eventId: 'pandc.feed.impression', timestampMs: NOW, count: 1, dimensions: {} },
    });
  });

  it.each([
    ['a string', 'nope'],
    ['null', null],
    ['an array', [event()]],
    ['a number', 42],
  ])('refuses %s as not_an_object', (_label, input) => {
    expect(reasonOf(validateEvent(input, window))).toBe('not_an_object');
  });

  it('refuses unknown top-level fields, naming them', () => {
    const verdict = validateEvent(event({ orgId: 'org_other' }), window);

    expect(verdict).toEqual({
      ok: false,
      rejection: { reason: 'unknown_field', message: 'unknown field "orgId"' },
    });
  });

  it.each([
    ['empty', ''],
    ['201 characters', 'a'.repeat(201)],
    ['a space', 'a b'],
    ['a slash', 'a/b'],
    ['a unit separator', 'a\u001fb'],
    ['not a string', 12],
    ['missing', undefined],
  ])('refuses an eventId that is %s', (_label, eventId) => {
    expect(reasonOf(validateEvent(event({ eventId }), window))).toBe('invalid_event_id');
  });

  it('accepts an eventId of exactly 200 allowed characters', () => {
    expect(reasonOf(validateEvent(event({ eventId: 'aZ0._:-'.repeat(28) + 'abcd' }), window))).toBe(
      'ok',
    );
  });

  it.each([
    ['ISO with Z', '2026-11-23T11:59:00Z', Date.parse('2026-11-23T11:59:00Z')],
    ['ISO with an offset', '2026-11-23T13:59:30.5+02:00', Date.parse('2026-11-23T11:59:30.500Z')],
    ['ISO without seconds', '2026-11-23T11:59Z', Date.parse('2026-11-23T11:59:00Z')],
    ['epoch milliseconds', NOW - 1, NOW - 1],
  ])('reads a timestamp given as %s', (_label, timestamp, expected) => {
    const verdict = validateEvent(event({ timestamp }), window);

    expect(verdict.ok && verdict.event.timestampMs).toBe(expected);
  });

  it.each([
    ['without a zone', '2026-11-23T11:59:00'],
    ['a date only', '2026-11-23'],
    ['a date that does not exist', '2026-02-30T10:00:00Z'],
    ['prose', 'yesterday'],
    ['epoch seconds as a string', '1763899200'],
    ['a fractional number', NOW + 0.5],
    ['negative', -1],
    ['missing', undefined],
    ['NaN', Number.NaN],
  ])('refuses a timestamp %s', (_label, timestamp) => {
    expect(reasonOf(validateEvent(event({ timestamp }), window))).toBe('invalid_timestamp');
  });

  it('accepts the window edges exactly and refuses one millisecond beyond', () => {
    expect(reasonOf(validateEvent(event({ timestamp: window.oldestMs }), window))).toBe('ok');
    expect(reasonOf(validateEvent(event({ timestamp: window.newestMs }), window))).toBe('ok');
    expect(reasonOf(validateEvent(event({ timestamp: window.oldestMs - 1 }), window))).toBe(
      'too_old',
    );
    expect(reasonOf(validateEvent(event({ timestamp: window.newestMs + 1 }), window))).toBe(
      'too_far_in_future',
    );
  });

  it.each([0, -3, 1.5, '2', MAX_EVENT_COUNT + 1, Number.POSITIVE_INFINITY])(
    'refuses count %p',
    (count) => {
      expect(reasonOf(validateEvent(event({ count }), window))).toBe('invalid_count');
    },
  );

  it('accepts counts from 1 to the cap, and null as the default 1', () => {
    const counts = [1, MAX_EVENT_COUNT, null].map((count) => {
      const verdict = validateEvent(event({ count }), window);
      return verdict.ok ? verdict.event.count : undefined;
    });

    expect(counts).toEqual([1, MAX_EVENT_COUNT, 1]);
  });

  it('keeps known dimensions and drops null ones', () => {
    const verdict = validateEvent(
      event({ dimensions: { experiment: 'exp-1', variant: 'B', host: null, region: 'eu west 1' } }),
      window,
    );

    expect(verdict.ok && verdict.event.dimensions).toEqual({
      experiment: 'exp-1',
      variant: 'B',
      region: 'eu west 1',
    });
  });

  it.each([
    ['an unknown key', { colour: 'red' }],
    ['an empty value', { host: '' }],
    ['a value over 100 characters', { host: 'h'.repeat(101) }],
    ['a non-ASCII value', { region: 'zürich' }],
    ['a control character', { variant: 'a\tb' }],
    ['a number', { variant: 2 }],
    ['an array', ['experiment']],
    ['a string', 'experiment=x'],
  ])('refuses dimensions with %s', (_label, dimensions) => {
    expect(reasonOf(validateEvent(event({ dimensions }), window))).toBe('invalid_dimensions');
  });

  it('refuses decoded prototype keys as unknown fields, in the event and its dimensions', () => {
    const withProto: unknown = JSON.parse('{"eventId":"a.b","timestamp":1,"__proto__":{}}');
    const inDimensions = event({ dimensions: JSON.parse('{"__proto__":"x"}') as unknown });

    expect(reasonOf(validateEvent(withProto, window))).toBe('unknown_field');
    expect(reasonOf(validateEvent(inDimensions, window))).toBe('invalid_dimensions');
  });

  it('clips and sanitises an unknown field name it echoes', () => {
    const verdict = validateEvent(event({ ['x'.repeat(60) + '\n']: 1 }), window);

    expect(!verdict.ok && verdict.rejection.message).toBe(`unknown field "${'x'.repeat(40)}…"`);
  });
});
