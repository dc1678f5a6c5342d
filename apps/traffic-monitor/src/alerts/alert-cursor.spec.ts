import { ValidationFailedError } from '@vantage/contracts';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor';

describe('alert list cursor', () => {
  it('round-trips the last alert of a page', () => {
    const cursor = {
      openedAt: new Date('2026-11-20T12:00:00.123Z'),
      id: 'alt_3kT9wQ1mZp8Lx2Vb7Nc4',
    };

    const text = encodeAlertCursor(cursor);

    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAlertCursor(text)).toEqual(cursor);
  });

  it.each([
    ['not base64 of a cursor', 'abc'],
    ['a bad id', Buffer.from('1700000000000:rad_3kT9wQ1mZp8Lx2Vb7Nc4').toString('base64url')],
    ['a bad time', Buffer.from('soon:alt_3kT9wQ1mZp8Lx2Vb7Nc4').toString('base64url')],
    ['extra parts', Buffer.from('1:alt_3kT9wQ1mZp8Lx2Vb7Nc4:x').toString('base64url')],
  ])('refuses %s with a 400 on the cursor field', (_what, text) => {
    expect(() => decodeAlertCursor(text)).toThrow(ValidationFailedError);
  });
});
