import { roadmapSection, weeklyCompletions, type RoadmapFact } from './roadmap-figures';

function item(fields: Partial<RoadmapFact> & { title: string }): RoadmapFact {
  return { status: 'planned', owner: null, due: null, doneAt: null, ...fields };
}

const done = (title: string, at: string): RoadmapFact =>
  item({ title, status: 'done', doneAt: new Date(at) });

const W47 = { year: 2026, week: 47 };

describe('roadmap figures', () => {
  it('counts items done per ISO week, oldest first, in the org’s zone', () => {
    const items = [
      done('a', '2026-11-16T09:00:00Z'),
      done('b', '2026-11-22T23:30:00Z'),
      done('c', '2026-11-10T12:00:00Z'),
      done('d', '2026-10-01T12:00:00Z'),
      item({ title: 'e', status: 'in_progress' }),
    ];

    expect(weeklyCompletions(items, W47, 3, 'UTC')).toEqual([
      { week: '2026-W45', completed: 0 },
      { week: '2026-W46', completed: 1 },
      { week: '2026-W47', completed: 2 },
    ]);
    // 23:30 UTC on Sunday is Monday morning in Tokyo: the next week there.
    expect(weeklyCompletions(items, W47, 1, 'Asia/Tokyo')).toEqual([
      { week: '2026-W47', completed: 1 },
    ]);
  });

  it('reports done against the week before, what is in progress and blocked, and velocity', () => {
    const items = [
      done('Self-serve SSO', '2026-11-18T10:00:00Z'),
      done('Pricing page', '2026-11-17T10:00:00Z'),
      done('Older', '2026-11-12T10:00:00Z'),
      item({ title: 'Residency', status: 'blocked', due: '2026-12-15', owner: 'linus' }),
      item({ title: 'Forecasts', status: 'in_progress', due: '2026-12-01' }),
      item({ title: 'Digest', status: 'in_progress', due: '2026-11-30' }),
      item({ title: 'Idea' }),
    ];

    const section = roadmapSection(items, W47, 'UTC', 4);

    expect(section.completed).toEqual({ current: 2, previous: 1 });
    expect(section).toMatchObject({ inProgress: 2, blocked: 1, planned: 1 });
    expect(section.completedItems.map((entry) => entry.title)).toEqual([
      'Pricing page',
      'Self-serve SSO',
    ]);
    expect(section.inProgressItems.map((entry) => entry.title)).toEqual(['Digest', 'Forecasts']);
    expect(section.blockedItems).toEqual([
      { title: 'Residency', owner: 'linus', due: '2026-12-15' },
    ]);
    expect(section.velocity.map((week) => week.completed)).toEqual([0, 0, 1, 2]);
    expect(section.averageVelocity).toBe(0.75);
  });
});
