import { KeyedTurns } from './keyed-turns';

describe('KeyedTurns', () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('runs tasks of one key one after another, in the order given, past a failed one', async () => {
    const turns = new KeyedTurns();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      turns.run('org', task('a')),
      turns.run('org', task('b', true)),
      turns.run('org', task('c')),
    ]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('runs tasks of different keys at once', async () => {
    const turns = new KeyedTurns();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([turns.run('a', task('a')), turns.run('b', task('b'))]);
    expect(log.slice(0, 2)).toEqual(['a start', 'b start']);
  });
});
