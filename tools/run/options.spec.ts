import { parseOptions } from './options';

describe('parseOptions', () => {
  it('defaults to logs in files and a 60s readiness timeout', () => {
    expect(parseOptions([])).toEqual({
      follow: false,
      detach: false,
      help: false,
      readyTimeoutMs: 60_000,
    });
  });

  it('reads --follow and --ready-timeout in both spellings', () => {
    expect(parseOptions(['--follow', '--ready-timeout', '90'])).toMatchObject({
      follow: true,
      readyTimeoutMs: 90_000,
    });
    expect(parseOptions(['-f', '--ready-timeout=5']).readyTimeoutMs).toBe(5000);
  });

  it('reads --detach in both spellings, but not together with --follow', () => {
    expect(parseOptions(['--detach']).detach).toBe(true);
    expect(parseOptions(['-d', '--ready-timeout', '30'])).toMatchObject({
      detach: true,
      readyTimeoutMs: 30_000,
    });
    expect(() => parseOptions(['--detach', '--follow'])).toThrow(
      '--follow and --detach do not go together',
    );
  });

  it('rejects an unknown flag and a timeout that is not whole seconds', () => {
    expect(() => parseOptions(['--watch'])).toThrow('unknown argument "--watch"');
    expect(() => parseOptions(['--ready-timeout', '1.5'])).toThrow(
      '--ready-timeout needs a whole number of seconds (got "1.5")',
    );
    expect(() => parseOptions(['--ready-timeout'])).toThrow('(got "")');
  });
});
