import type { StoredInfraState } from './state';

/**
 * The variables apps and tests read, from one infra state: REDIS_URL, MONGO_URL, STRIPE_API_URL,
 * SMTP_URL, and MAILDEV_API_URL when there is a maildev to read mail from. (A state file from
 * before stripe-mock and maildev joined the infra yields only the first two.)
 */
export function infraEnv(state: StoredInfraState): Record<string, string> {
  const env: Record<string, string> = { REDIS_URL: state.redisUrl, MONGO_URL: state.mongoUrl };
  if (state.stripeApiUrl !== undefined) env['STRIPE_API_URL'] = state.stripeApiUrl;
  if (state.smtpUrl !== undefined) env['SMTP_URL'] = state.smtpUrl;
  if (state.maildevApiUrl != null) env['MAILDEV_API_URL'] = state.maildevApiUrl;
  return env;
}

/**
 * Sets the variables of `infraEnv(state)` that `env` lacks: a variable already set (an external
 * service) wins. MAILDEV_API_URL is only taken along with the state's own SMTP_URL, so an inbox
 * API is never paired with some other SMTP server.
 */
export function fillInfraEnv(env: NodeJS.ProcessEnv, state: StoredInfraState): void {
  const smtpGiven = nonEmpty(env['SMTP_URL']) && env['SMTP_URL'] !== state.smtpUrl;
  for (const [name, value] of Object.entries(infraEnv(state))) {
    if (nonEmpty(env[name])) continue;
    if (name === 'MAILDEV_API_URL' && smtpGiven) continue;
    env[name] = value;
  }
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
