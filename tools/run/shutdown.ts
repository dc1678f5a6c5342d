// Stopping: the first SIGINT/SIGTERM/SIGHUP (or the loss of the parent process) asks for a
// clean stop through an AbortSignal; a second signal forces.

/** The reason the run's AbortSignal carries when it was asked to stop. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/**
 * One Ctrl-C can arrive more than once: the terminal signals the whole foreground group, and npm
 * and tsx also forward it. Only a signal this long after the first one is a second Ctrl-C.
 */
const SAME_SIGNAL_WINDOW_MS = 1000;

export class Shutdown {
  readonly signal: AbortSignal;
  /** Settles when a stop was asked for. */
  readonly requested: Promise<Interrupted>;
  private readonly controller = new AbortController();
  private firstAt = 0;

  constructor(private readonly onForce: () => void) {
    this.signal = this.controller.signal;
    this.requested = new Promise((resolve) => {
      this.signal.addEventListener('abort', () => resolve(this.signal.reason as Interrupted), {
        once: true,
      });
    });
  }

  install(): void {
    for (const name of SIGNALS) process.on(name, () => this.receive(name));
  }

  /** A clean stop; does nothing if one is already under way. */
  request(why: string): void {
    if (this.signal.aborted) return;
    this.firstAt = Date.now();
    console.error(`\nstart: ${why}, stopping (press Ctrl-C again to force)`);
    this.controller.abort(new Interrupted(why));
  }

  private receive(name: NodeJS.Signals): void {
    if (!this.signal.aborted) return this.request(`${name} received`);
    if (Date.now() - this.firstAt < SAME_SIGNAL_WINDOW_MS) return;
    console.error(`start: ${name} received again, forcing`);
    this.onForce();
    process.exit(130);
  }
}
