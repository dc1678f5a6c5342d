// Usage: tsx tools/infra/src/cli.ts up|down|status
// URLs go to stdout as KEY=value lines (easy to `export $(...)`); progress and errors go to stderr.
import { oneLine } from './errors';
import { infraDown, infraEnv, infraStatus, infraUp, type StoredInfraState } from './infra';

async function main(command: string): Promise<number> {
  switch (command) {
    case 'up': {
      const state = await infraUp({ onProgress: (message) => console.error(`infra: ${message}`) });
      printUrls(state);
      return 0;
    }
    case 'down': {
      const previous = await infraDown({
        onProgress: (message) => console.error(`infra: ${message}`),
      });
      console.log(previous === null ? 'infra was not running' : 'infra stopped');
      return 0;
    }
    case 'status': {
      const status = await infraStatus();
      if (status.state === null) {
        console.error('infra is not running (start it with: npm run infra:up)');
        return 1;
      }
      printUrls(status.state);
      const { state } = status;
      const down = [
        status.redisAnswering ? null : `redis (${state.redisKind})`,
        status.mongoAnswering ? null : `mongo (${state.mongoKind})`,
        status.stripeAnswering ? null : `stripe (${state.stripeKind ?? 'not started'})`,
        status.mailAnswering ? null : `mail (${state.mailKind ?? 'not started'})`,
      ].filter((name): name is string => name !== null);
      if (down.length > 0) {
        console.error(
          `infra: not answering: ${down.join(', ')} (npm run infra:up restarts what is down)`,
        );
        return 1;
      }
      return 0;
    }
    default:
      console.error('usage: tsx tools/infra/src/cli.ts up|down|status');
      return 1;
  }
}

function printUrls(state: StoredInfraState): void {
  for (const [name, value] of Object.entries(infraEnv(state))) console.log(`${name}=${value}`);
}

const command = process.argv[2];
main(command ?? '').then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`infra ${command ?? ''}: ${oneLine(error)}`);
    process.exitCode = 1;
  },
);
