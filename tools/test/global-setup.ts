// Jest global setup for every project: Redis and a MongoDB-wire server, given by REDIS_URL and
// MONGO_URL or started (or reused) through tools/infra. Test files then pick their own database
// names and key prefixes, so they never see each other's data.
import { infraStatus, infraUp } from '../infra/src/infra';

export const STARTED_FLAG = 'VANTAGE_TEST_STARTED_INFRA';

export default async function globalSetup(): Promise<void> {
  if (process.env['REDIS_URL'] && process.env['MONGO_URL']) return;
  const before = await infraStatus();
  const state = await infraUp({
    onProgress: (message) => process.stderr.write(`infra: ${message}\n`),
  });
  process.env['REDIS_URL'] = state.redisUrl;
  process.env['MONGO_URL'] = state.mongoUrl;
  if (!before.state) process.env[STARTED_FLAG] = '1';
}
