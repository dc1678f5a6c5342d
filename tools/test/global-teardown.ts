// Stops the infra that this run's global setup started; infra that was already up (npm run
// infra:up, or the one `npm test` starts for all projects) is left alone.
import { infraDown } from '../infra/src/infra';
import { STARTED_FLAG } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  if (process.env[STARTED_FLAG] !== '1' || process.env['VANTAGE_KEEP_INFRA'] === '1') return;
  delete process.env[STARTED_FLAG];
  await infraDown();
}
