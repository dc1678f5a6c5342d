import { type AcceptanceWindow, validateSample } from './sample-validation';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const window: AcceptanceWindow = {
  oldestMs: NOW - 14 * 86_400_000,
  newestMs: NOW + 300_000,
  retentionDays: 14,
};
const good = { series: 'checkout.latency_ms', timestamp: NOW - 1000, value: 12.5 };

describe('validateSample', () => {
  it('accepts a sample, labels sorted by name', () => {
    const verdict = validateSample({ ...good, labels: { region: 'eu', az: 'b' } }, window);

    expect(verdict).toEqual({
      ok: true,
      sample: {
        name: 'checkout.latency_ms',
        labels: { az: 'b', region: 'eu' },
        ts: NOW - 1000,
        value: 12.5,
      },
    });
    expect(Object.keys(verdict.ok ? verdict.sample.labels : {})).toEqual(['az', 'region']);
  });

  it.each([
    ['a string', 'not_an_object'],
    [{ ...good, extra: 1 }, 'unknown_field'],
    [{ ...good, series: '9lives' }, 'invalid_series'],
    [{ ...good, labels: { 'bad-name': 'x' } }, 'invalid_labels'],
    [{ ...good, labels: { ok: '' } }, 'invalid_labels'],
    [{ ...good, timestamp: '2026-11-23 10:00' }, 'invalid_timestamp'],
    [{ ...good, timestamp: NOW - 15 * 86_400_000 }, 'too_old'],
    [{ ...good, timestamp: NOW + 600_000 }, 'too_far_in_future'],
    [{ ...good, value: '12' }, 'invalid_value'],
    [{ ...good, value: true }, 'invalid_value'],
  ])('refuses %j as %s', (input, reason) => {
    const verdict = validateSample(input, window);

    expect(verdict).toMatchObject({ ok: false, rejection: { reason } });
  });

  it('refuses non-finite values but names the series so its validity counts them', () => {
    for (const value of [null, 'NaN', '-Infinity', Infinity]) {
      expect(validateSample({ ...good, value }, window)).toMatchObject({
        ok: false,
        rejection: { reason: 'non_finite_value' },
        invalid: { name: 'checkout.latency_ms', ts: NOW - 1000, problem: 'nonFinite' },
      });
    }
  });

  it('refuses a negative value only for a count series', () => {
    expect(validateSample({ ...good, series: 'checkout.errors', value: -1 }, window)).toMatchObject(
      {
        ok: false,
        rejection: { reason: 'negative_count' },
        invalid: { problem: 'negative' },
      },
    );
    expect(validateSample({ ...good, series: 'room.temperature', value: -1 }, window).ok).toBe(
      true,
    );
  });
});
