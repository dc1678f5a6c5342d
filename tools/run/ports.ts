// Fails fast, naming the app and its override variable, when a port is already taken.
import net from 'node:net';
import { portVariable, type AppPlan } from './apps';

export async function assertPortsFree(plans: readonly AppPlan[]): Promise<void> {
  const busy: string[] = [];
  for (const plan of plans) {
    for (const port of [plan.port, plan.opsPort]) {
      const problem = await bindProblem(plan.host, port);
      const what = port === plan.port ? plan.name : `${plan.name}'s ops port`;
      if (problem === 'EADDRINUSE')
        busy.push(`${port} (${what}; set ${portVariable(plan.name)} to move it)`);
      else if (problem !== null)
        throw new Error(`${what} cannot listen on ${plan.host}:${port}: ${problem}`);
    }
  }
  if (busy.length > 0)
    throw new Error(`port${busy.length > 1 ? 's' : ''} already in use: ${busy.join(', ')}`);
}

/** null when the port can be bound, else the error code (or message). */
function bindProblem(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}
