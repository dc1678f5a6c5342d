// Jest global setup for every project: Redis, a MongoDB-wire server, stripe-mock and an SMTP
// server, given by their URLs or started (or reused) through tools/infra. Test files then pick their own database
// names and key prefixes, so they never see each other's data.
import { fillInfraEnv } from '../infra/src/infra-env';
import { acquireInfra } from '../infra/src/infra-lease';

export const STARTED_FLAG = 'VANTAGE_TEST_STARTED_INFRA';

export default async function globalSetup(): Promise<void> {
  if (process.env['REDIS_URL'] && process.env['MONGO_URL']) return;
  const { state, owned } = await acquireInfra({
    onProgress: (message) => process.stderr.write(`infra: ${message}\n`),
  });
  // Workers inherit this environment: Redis, MongoDB and, when the infra runs them, stripe-mock
  // and the SMTP server; a URL the environment already sets wins.
  fillInfraEnv(process.env, state);
  // Teardown runs in another module: the flag tells it this run owns the infra.
  if (owned) process.env[STARTED_FLAG] = '1';
}
