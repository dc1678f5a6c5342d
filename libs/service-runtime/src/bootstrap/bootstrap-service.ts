import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@vantage/observability';
import { BaseServiceConfig } from '../config/base-service.config';
import { ConfigError } from '../config/load-config';
import { createServiceApp, ServiceDefinition } from './create-service-app';

/**
 * The whole of an app's main.ts: start from process.env, or stop with exit code 1 — a bad
 * configuration as one line on stderr, anything else as one fatal JSON log line.
 */
export async function bootstrapService<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
): Promise<NestFastifyApplication> {
  try {
    const { app, transportStarted } = await createServiceApp({ ...definition, env: process.env });
    await transportStarted;
    return app;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      createLogger({ service: definition.service }).fatal(
        { err: error },
        'service failed to start',
      );
    }
    process.exit(1);
  }
}
