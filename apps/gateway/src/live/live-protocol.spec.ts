import { LiveErrorCode, parseClientFrame, updateFrame } from './live-protocol';

describe('parseClientFrame', () => {
  it('reads auth, subscribe and unsubscribe with an optional id', () => {
    expect(parseClientFrame('{"type":"auth","token":"abc"}')).toEqual({
      ok: true,
      command: { type: 'auth', token: 'abc' },
    });
    expect(parseClientFrame('{"type":"subscribe","channel":"alerts","id":"7"}')).toEqual({
      ok: true,
      command: { type: 'subscribe', channel: 'alerts', id: '7' },
    });
    expect(parseClientFrame('{"type":"unsubscribe","channel":"telemetry"}')).toEqual({
      ok: true,
      command: { type: 'unsubscribe', channel: 'telemetry' },
    });
  });

  it.each([
    ['not json', 'subscribe', LiveErrorCode.BadJson],
    ['an array', '[1,2]', LiveErrorCode.InvalidMessage],
    ['a string', '"subscribe"', LiveErrorCode.InvalidMessage],
    ['null', 'null', LiveErrorCode.InvalidMessage],
    ['no type', '{"channel":"alerts"}', LiveErrorCode.UnknownType],
    ['an unknown type', '{"type":"publish","channel":"alerts"}', LiveErrorCode.UnknownType],
    [
      'an unknown channel',
      '{"type":"subscribe","channel":"billing"}',
      LiveErrorCode.UnknownChannel,
    ],
    ['no channel', '{"type":"unsubscribe"}', LiveErrorCode.UnknownChannel],
    [
      'an inherited channel name',
      '{"type":"subscribe","channel":"toString"}',
      LiveErrorCode.UnknownChannel,
    ],
    ['an empty token', '{"type":"auth","token":""}', LiveErrorCode.InvalidMessage],
    ['a numeric token', '{"type":"auth","token":42}', LiveErrorCode.InvalidMessage],
    [
      'a numeric id',
      '{"type":"subscribe","channel":"alerts","id":1}',
      LiveErrorCode.InvalidMessage,
    ],
  ])('answers %s with %s', (_label, text, code) => {
    const parsed = parseClientFrame(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(code);
  });

  it('echoes the id of a refused message so the client can match it', () => {
    expect(parseClientFrame('{"type":"subscribe","channel":"x","id":"a1"}')).toMatchObject({
      ok: false,
      error: { code: LiveErrorCode.UnknownChannel, id: 'a1' },
    });
  });

  it('refuses a token longer than any real credential', () => {
    const parsed = parseClientFrame(JSON.stringify({ type: 'auth', token: 'x'.repeat(5000) }));
    expect(parsed).toMatchObject({ ok: false, error: { code: LiveErrorCode.InvalidMessage } });
  });

  it('keeps an unknown type out of its answer beyond a short prefix', () => {
    const parsed = parseClientFrame(JSON.stringify({ type: 'y'.repeat(10_000) }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message.length).toBeLessThan(120);
  });
});

describe('updateFrame', () => {
  it('names the service event `event` and leaves the org out', () => {
    const frame = updateFrame({
      orgId: 'org_1',
      channel: 'alerts',
      type: 'alert.raised',
      data: { id: 'a' },
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(frame).toEqual({
      type: 'update',
      channel: 'alerts',
      event: 'alert.raised',
      data: { id: 'a' },
      at: '2026-01-01T00:00:00.000Z',
    });
  });
});
