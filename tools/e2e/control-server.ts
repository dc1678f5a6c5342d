// The supervisor's control API, so that e2e tests (a separate jest process) can inject faults and
// read the process list:
//   GET  /system                              URLs and processes (pid, RSS, restarts)
//   POST /faults/kill-replica?app=&index=      SIGKILL one replica (it is restarted after 1 s)
//   POST /faults/stop?component=redis|mongo|mail|stripe
//   POST /faults/start?component=...
//   POST /faults/refuse-smtp  /faults/accept-smtp
//   POST /rolling-restart?app=&NAME=value    a configuration change, one replica at a time
//   POST /wait-ready                            resolves when every replica is ready again
import http from 'node:http';
import { APP_NAMES, type AppName } from '../run/apps';
import type { InfraComponent } from './system-infra';
import type { VantageSystem } from './system';

const COMPONENTS: readonly InfraComponent[] = ['redis', 'mongo', 'mail', 'stripe'];

export async function startControlServer(
  system: VantageSystem,
  log: (message: string) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://control');
    const reply = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    handle(system, request.method ?? 'GET', url, log).then(
      (body) => reply(200, body),
      (error: unknown) =>
        reply(400, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('control server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(
  system: VantageSystem,
  method: string,
  url: URL,
  log: (message: string) => void,
): Promise<unknown> {
  const route = `${method} ${url.pathname}`;
  switch (route) {
    case 'GET /system':
      return {
        gatewayUrl: system.gatewayUrl,
        gatewayReplicaUrls: system.replicasOf('gateway').map((r) => r.url),
        gatewayReplicaOpsUrls: system.replicasOf('gateway').map((r) => r.opsUrl),
        processes: system.processes(),
      };
    case 'POST /faults/kill-replica': {
      const app = appParam(url.searchParams.get('app'));
      const index = Number(url.searchParams.get('index') ?? '0');
      const replica = await system.killReplica(app, index);
      log(`fault: killed ${replica.name}`);
      return { killed: replica.name };
    }
    case 'POST /faults/stop': {
      const component = componentParam(url.searchParams.get('component'));
      await system.stopInfra(component);
      log(`fault: stopped ${component}`);
      return { stopped: component };
    }
    case 'POST /faults/start': {
      const component = componentParam(url.searchParams.get('component'));
      await system.startInfra(component);
      log(`fault: started ${component} again`);
      return { started: component };
    }
    case 'POST /faults/refuse-smtp':
      await system.refuseSmtp();
      log('fault: SMTP refuses connections');
      return { smtp: 'refusing' };
    case 'POST /faults/accept-smtp':
      await system.acceptSmtp();
      log('fault: SMTP accepts connections again');
      return { smtp: 'accepting' };
    case 'POST /rolling-restart': {
      const app = appParam(url.searchParams.get('app'));
      const variables = Object.fromEntries(
        [...url.searchParams.entries()].filter(([name]) => /^[A-Z][A-Z0-9_]*$/.test(name)),
      );
      await system.rollingRestart(app, variables);
      log(`rolled out ${Object.keys(variables).join(', ')} to ${app}`);
      return { restarted: app, variables: Object.keys(variables) };
    }
    case 'POST /wait-ready':
      await system.waitAllReady(Number(url.searchParams.get('timeoutMs') ?? '60000'));
      return { ready: true };
    default:
      throw new Error(`unknown control route ${route}`);
  }
}

function appParam(value: string | null): AppName {
  const app = APP_NAMES.find((name) => name === value);
  if (!app) throw new Error(`app must be one of ${APP_NAMES.join(', ')}`);
  return app;
}

function componentParam(value: string | null): InfraComponent {
  const component = COMPONENTS.find((name) => name === value);
  if (!component) throw new Error(`component must be one of ${COMPONENTS.join(', ')}`);
  return component;
}
