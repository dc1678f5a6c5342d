/** Records which replica handled what, so tests can count handlings per message. */
export class Ledger {
  private readonly handled = new Map<string, string[]>();

  record(key: string, replica: string): void {
    const replicas = this.handled.get(key) ?? [];
    replicas.push(replica);
    this.handled.set(key, replicas);
  }

  timesHandled(key: string): number {
    return this.handled.get(key)?.length ?? 0;
  }

  get keys(): string[] {
    return [...this.handled.keys()];
  }

  get total(): number {
    let sum = 0;
    for (const replicas of this.handled.values()) sum += replicas.length;
    return sum;
  }

  /** How many handlings each replica did, for keys starting with `prefix`. */
  shareByReplica(prefix: string): Map<string, number> {
    const share = new Map<string, number>();
    for (const [key, replicas] of this.handled) {
      if (!key.startsWith(prefix)) continue;
      for (const replica of replicas) share.set(replica, (share.get(replica) ?? 0) + 1);
    }
    return share;
  }
}
