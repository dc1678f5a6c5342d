// Jest global setup for every project: Redis and a MongoDB-wire server, given by REDIS_URL and
// MONGO_URL or started (or reused) through tools/infra. Test files then pick their own database
// names and key prefixes, so they never see each other's data.
import { acquireInfra } from '../infra/src/infra-lease';

export const STARTED_FLAG = 'VANTAGE_TEST_STARTED_INFRA';

export default async function globalSetup(): Promise<void> {
  if (process.env['REDIS_URL'] && process.env['MONGO_URL']) return;
  const { state, owned } = await acquireInfra({
    onProgress: (message) => process.stderr.write(`infra: ${message}\n`),
  });
  process.env['REDIS_URL'] = state.redisUrl;
  process.env['MONGO_URL'] = state.mongoUrl;
  // Teardown runs in another module: the flag tells it this run owns the infra.
  if (owned) process.env[STARTED_FLAG] = '1';
}
