import type { HealthSnapshot } from '../health/health.service';
import type { RadSet } from '../rad-sets/rad-set.schema';
import { RecentSnapshots } from './recent-snapshots';

const set = { _id: 'rs_1', updatedAt: new Date(1_000) } as RadSet;

function snapshot(
  name: string,
  configVersion = 1,
  sets: readonly RadSet[] = [set],
): HealthSnapshot {
  return {
    rows: [],
    sets,
    window: { configVersion, explanation: name } as HealthSnapshot['window'],
  };
}

describe('RecentSnapshots', () => {
  let clock: number;
  let recent: RecentSnapshots;
  const basis = { configVersion: 1, sets: [set] };

  beforeEach(() => {
    clock = 0;
    recent = new RecentSnapshots(true, () => clock);
  });

  it('answers the kept answer at once while one newer answer is computed', async () => {
    await recent.get('org', basis, () => Promise.resolve(snapshot('first')));
    clock = 30_000;
    let finish: (value: HealthSnapshot) => void = () => undefined;
    let computations = 0;
    const slow = () => {
      computations += 1;
      return new Promise<HealthSnapshot>((resolve) => (finish = resolve));
    };

    const during = [await recent.get('org', basis, slow), await recent.get('org', basis, slow)];
    finish(snapshot('second'));
    await new Promise((resolve) => setImmediate(resolve));
    clock = 31_000;
    const after = await recent.get('org', basis, () => Promise.resolve(snapshot('third')));

    expect(during.map((answer) => answer.window.explanation)).toEqual(['first', 'first']);
    expect(computations).toBe(1);
    expect(after.window.explanation).toBe('second');
  });

  it('waits for a new answer once the kept one is a minute old', async () => {
    await recent.get('org', basis, () => Promise.resolve(snapshot('first')));
    clock = 60_000;
    const answer = await recent.get('org', basis, () => Promise.resolve(snapshot('second')));
    expect(answer.window.explanation).toBe('second');
  });

  it('waits for a new answer after a config or RAD set change', async () => {
    await recent.get('org', basis, () => Promise.resolve(snapshot('first')));
    const changedSet = { _id: 'rs_1', updatedAt: new Date(2_000) } as RadSet;
    const newConfig = await recent.get('org', { configVersion: 2, sets: [set] }, () =>
      Promise.resolve(snapshot('config', 2)),
    );
    const newSets = await recent.get('org', { configVersion: 2, sets: [changedSet] }, () =>
      Promise.resolve(snapshot('sets', 2, [changedSet])),
    );
    expect([newConfig, newSets].map((answer) => answer.window.explanation)).toEqual([
      'config',
      'sets',
    ]);
  });

  it('computes every answer when turned off', async () => {
    const off = new RecentSnapshots(false, () => clock);
    await off.get('org', basis, () => Promise.resolve(snapshot('first')));
    const answer = await off.get('org', basis, () => Promise.resolve(snapshot('second')));
    expect(answer.window.explanation).toBe('second');
  });
});
