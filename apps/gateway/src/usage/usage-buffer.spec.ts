import type { UsageRecordDto } from '@vantage/contracts';
import { UsageBuffer } from './usage-buffer';

const login = (userId: string): UsageRecordDto => ({
  at: '2026-11-23T09:00:00Z',
  kind: 'login',
  userId,
});

describe('UsageBuffer', () => {
  it('keeps records per org and hands each org’s over once', () => {
    const buffer = new UsageBuffer(100, 10);
    buffer.add('org_a', login('usr_1'));
    buffer.add('org_b', login('usr_2'));
    buffer.add('org_a', login('usr_3'));

    expect(buffer.orgs().sort()).toEqual(['org_a', 'org_b']);
    expect(buffer.take('org_a').map((record) => record.userId)).toEqual(['usr_1', 'usr_3']);
    expect(buffer.take('org_a')).toEqual([]);
    expect(buffer.orgs()).toEqual(['org_b']);
  });

  it('says when an org holds a full event’s worth', () => {
    const buffer = new UsageBuffer(100, 3);
    expect(buffer.add('org_a', login('usr_1'))).toBe('buffered');
    expect(buffer.add('org_a', login('usr_2'))).toBe('buffered');
    expect(buffer.add('org_a', login('usr_3'))).toBe('batch-full');
    expect(buffer.take('org_a')).toHaveLength(3);
  });

  it('takes at most one event’s worth at a time', () => {
    const buffer = new UsageBuffer(100, 2);
    for (const userId of ['usr_1', 'usr_2', 'usr_3']) buffer.add('org_a', login(userId));
    expect(buffer.take('org_a')).toHaveLength(2);
    expect(buffer.take('org_a')).toHaveLength(1);
  });

  it('drops records beyond its capacity until taken ones are released', () => {
    const buffer = new UsageBuffer(2, 10);
    expect(buffer.add('org_a', login('usr_1'))).toBe('buffered');
    expect(buffer.add('org_b', login('usr_2'))).toBe('buffered');
    expect(buffer.add('org_a', login('usr_3'))).toBe('dropped');

    const taken = buffer.take('org_a');
    // Being emitted still counts: a slow Redis must not let memory grow.
    expect(buffer.add('org_a', login('usr_4'))).toBe('dropped');
    buffer.release(taken.length);
    expect(buffer.held).toBe(1);
    expect(buffer.add('org_a', login('usr_5'))).toBe('buffered');
  });
});
