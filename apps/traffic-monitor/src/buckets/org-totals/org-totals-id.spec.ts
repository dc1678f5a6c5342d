import { eventIdField, eventIdOfField, orgTotalsId } from './org-totals-id';

describe('org totals ids and fields', () => {
  it('names a field without a dot or a leading dollar, and reads the event id back', () => {
    for (const eventId of ['pandc.vnext.feed.click', '$weird.100%', 'a%2Eb', 'plain_id:1-2']) {
      const field = eventIdField(eventId);
      expect(field).not.toMatch(/[.$]/);
      expect(eventIdOfField(field)).toBe(eventId);
    }
  });

  it('keys a document by resolution, start and org, the org last', () => {
    expect(orgTotalsId('org|x', 'hour', 3_600_000)).toBe('hour|3600000|org|x');
  });
});
