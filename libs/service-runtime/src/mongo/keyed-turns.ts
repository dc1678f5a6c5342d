/**
 * Runs the tasks given one key one after another in this process, tasks of different keys at
 * once. FerretDB v1 (the local store) runs an update as a read, then a write of the document it
 * computed, not atomically: two updates of one document at once can lose one (even `$inc`,
 * `$min`). Writers of a shared per-org document take turns by its `_id`. MongoDB needs no turns.
 */
export class KeyedTurns {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(task);
    this.tails.set(key, mine);
    try {
      return await mine;
    } finally {
      if (this.tails.get(key) === mine) this.tails.delete(key);
    }
  }
}
