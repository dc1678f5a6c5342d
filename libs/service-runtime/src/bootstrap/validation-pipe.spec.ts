import { CreateAlertRuleDto, IngestEventsMessage, ValidationFailedError } from '@vantage/contracts';
import { createValidationPipe, validateShallowly } from './validation-pipe';

/** What the global pipe answers for a payload: the validated value, or the field errors. */
async function throughPipe(payload: unknown) {
  try {
    const value: unknown = await createValidationPipe().transform(payload, {
      type: 'body',
      metatype: IngestEventsMessage,
    });
    return { value };
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return { errors: error.errors };
  }
}

function shallowly(payload: unknown) {
  try {
    return { value: validateShallowly(IngestEventsMessage, payload) as unknown };
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return { errors: error.errors };
  }
}

const event = { eventId: 'a.b', timestamp: 1, dimensions: { host: 'h' } };

describe('validateShallowly', () => {
  it.each([
    ['a valid batch', { events: [event] }],
    ['a valid batch with a key', { events: [event, {}], idempotencyKey: 'key-12345678' }],
    ['a null key', { events: [event], idempotencyKey: null }],
    ['no events', {}],
    ['an empty batch', { events: [] }],
    ['events that are not an array', { events: { 0: event } }],
    ['a string among the events', { events: [event, 'not an object'] }],
    ['an array among the events', { events: [[event]] }],
    ['null among the events', { events: [null] }],
    ['5,001 events', { events: Array.from({ length: 5001 }, () => event) }],
    ['a malformed key', { events: [event], idempotencyKey: 'short' }],
    ['a numeric key', { events: [event], idempotencyKey: 12345678 }],
    ['an unknown top-level field', { events: [event], orgId: 'org_other' }],
    ['a misspelt required field', { evnts: [event] }],
    ['an unknown field beside a broken one', { events: [], idempotencyKey: 'short', x: 1 }],
    ['a null payload', null],
  ])('answers %s as the global pipe does', async (_label, payload) => {
    const expected = await throughPipe(structuredClone(payload));
    const actual = shallowly(structuredClone(payload));

    expect(actual.errors).toEqual(expected.errors);
    if (expected.value !== undefined) {
      expect(actual.value).toBeInstanceOf(IngestEventsMessage);
      expect({ ...(actual.value as object) }).toEqual({ ...(expected.value as object) });
    }
  });

  it('refuses a payload that is not an object', () => {
    for (const payload of ['events', 42, [{ events: [event] }]]) {
      expect(shallowly(payload).errors).toEqual([
        { field: '', message: 'the payload must be an object' },
      ]);
    }
  });

  it('refuses decoded prototype keys instead of taking them as the prototype', () => {
    const payload: unknown = JSON.parse('{"events":[{"eventId":"a"}],"__proto__":{"x":1}}');
    const withConstructor = { events: [event], constructor: 'x' };

    expect(shallowly(payload).errors).toEqual([
      { field: '__proto__', message: 'property __proto__ should not exist' },
    ]);
    expect(shallowly(withConstructor).errors).toEqual([
      { field: 'constructor', message: 'property constructor should not exist' },
    ]);
  });

  it('reports a prototype key alone, like any unknown field', () => {
    const payload: unknown = JSON.parse('{"__proto__":{"x":1}}');

    expect(shallowly(payload).errors).toEqual([
      { field: '__proto__', message: 'property __proto__ should not exist' },
    ]);
  });

  it('hands the events on as decoded, not copied', () => {
    const events = [event];

    expect(validateShallowly(IngestEventsMessage, { events }).events).toBe(events);
  });
});

describe('createValidationPipe', () => {
  it('reports a misspelt field, not the constraints of the field it stands for', async () => {
    expect((await throughPipe({ evnts: [event] })).errors).toEqual([
      { field: 'evnts', message: 'property evnts should not exist' },
    ]);
  });

  it('reports unknown nested fields with their paths, and not the fields missing', async () => {
    const refused = createValidationPipe().transform(
      { name: 'rule', condition: { kind: 'status', extra: 1 }, color: 'red' },
      { type: 'body', metatype: CreateAlertRuleDto },
    );
    await expect(refused).rejects.toMatchObject({
      errors: [
        { field: 'color', message: 'property color should not exist' },
        { field: 'condition.extra', message: 'property extra should not exist' },
      ],
    });
  });

  it('still reports a value that was sent wrong beside an unknown field', async () => {
    const { errors } = await throughPipe({ evnts: [event], idempotencyKey: 'short' });
    expect(errors?.map((error) => error.field)).toEqual(['evnts', 'idempotencyKey']);
  });

  it('reports every broken constraint when no field is unknown', async () => {
    const { errors } = await throughPipe({ events: [], idempotencyKey: 'short' });
    expect(new Set(errors?.map((error) => error.field))).toEqual(
      new Set(['events', 'idempotencyKey']),
    );
  });

  it.each([[[null, null]], [[1]], ['text']])(
    'refuses a discriminated condition given as %j with a 400, not a TypeError',
    async (condition) => {
      const refused = createValidationPipe().transform(
        { name: 'rule', condition },
        { type: 'body', metatype: CreateAlertRuleDto },
      );
      await expect(refused).rejects.toBeInstanceOf(ValidationFailedError);
    },
  );
});
