import { resolveRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveRequestId', () => {
  it('keeps a sane id from the caller', () => {
    expect(resolveRequestId('01HZX3Y7Q9-abc.def:1')).toBe('01HZX3Y7Q9-abc.def:1');
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['repeated header', ['a', 'b']],
    ['log injection', 'abc\n{"level":"fatal"}'],
    ['too long', 'a'.repeat(129)],
    ['spaces', 'hello world'],
  ])('makes a UUID when the header is %s', (_case, header) => {
    expect(resolveRequestId(header)).toMatch(UUID);
  });
});
