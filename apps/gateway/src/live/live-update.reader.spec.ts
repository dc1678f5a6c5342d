import { readLiveUpdate } from './live-update.reader';

const valid = {
  orgId: 'org_1',
  channel: 'traffic',
  type: 'traffic.status.changed',
  data: { status: 'degraded' },
  at: '2026-01-01T00:00:00.000Z',
};

describe('readLiveUpdate', () => {
  it('accepts a well-formed update and keeps only its known fields', () => {
    expect(readLiveUpdate({ ...valid, extra: 'dropped' })).toEqual({ ok: true, update: valid });
  });

  it('turns missing data into null, so the frame always carries the field', () => {
    const { data: _data, ...withoutData } = valid;
    expect(readLiveUpdate(withoutData)).toEqual({ ok: true, update: { ...valid, data: null } });
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['an array', [valid]],
    ['no org', { ...valid, orgId: '' }],
    ['an unknown channel', { ...valid, channel: 'billing' }],
    ['no type', { ...valid, type: '' }],
    ['a huge type', { ...valid, type: 't'.repeat(201) }],
    ['no date', { ...valid, at: undefined }],
    ['a bad date', { ...valid, at: 'yesterday' }],
  ])('refuses %s', (_label, payload) => {
    expect(readLiveUpdate(payload).ok).toBe(false);
  });
});
