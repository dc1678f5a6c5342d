// Jest `setupFiles` entry (jest.preset.js): the global setup brings the infra up (tools/test)
// and hands REDIS_URL and MONGO_URL to the workers; this gives each test file the other URLs
// of that same infra (STRIPE_API_URL, SMTP_URL, MAILDEV_API_URL) from .infra/state.json,
// without overriding any that the environment already sets.
import { fillInfraEnv } from './infra-env';
import { infraPaths } from './paths';
import { readState } from './state';

const state = readState(infraPaths().stateFile);
if (state !== null) fillInfraEnv(process.env, state);
