import { DynamicModule } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { CustomStrategy } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ServiceName } from '@vantage/contracts';
import {
  createLogger,
  createPrometheusMessageMetrics,
  installHttpObservability,
  Logger,
  NestLoggerAdapter,
} from '@vantage/observability';
import { RedisStreamsServer, RpcErrorFilter } from '@vantage/transport';
import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import { BaseServiceConfig } from '../config/base-service.config';
import {
  ConfigClass,
  ConfigError,
  EnvSource,
  loadConfig,
  opsPortOf,
  serviceEnvDefaults,
} from '../config/load-config';
import { newInstanceId } from '../core/service-identity';
import { refuseUnsafeBodies } from '../http/body-guards';
import { problemAnswersForFrameworkErrors } from '../http/framework-errors';
import { ProblemJsonFilter } from '../http/problem-json.filter';
import { OpsServer } from '../ops/ops-server';
import { TransportAwareExceptionFilter } from './transport-aware-exception.filter';
import { createValidationPipe } from './validation-pipe';

/** What an app module is built from: the service's validated config and its logger. */
export interface ServiceRuntime<C extends BaseServiceConfig = BaseServiceConfig> {
  readonly service: ServiceName;
  readonly config: C;
  readonly logger: Logger;
  readonly instanceId: string;
}

export interface ServiceDefinition<C extends BaseServiceConfig = BaseServiceConfig> {
  readonly service: ServiceName;
  /** Builds the root module, typically `(runtime) => AppModule.forRoot(runtime)`. */
  readonly module: (runtime: ServiceRuntime<C>) => DynamicModule;
  readonly configClass: ConfigClass<C>;
  readonly defaultPort: number;
  /** Fastify server options from the config, e.g. the gateway's body limit and trusted proxies. */
  readonly fastifyOptions?: (config: C) => FastifyServerOptions;
  /** Runs once the app is built and before it listens: edge plugins, OpenAPI, WebSocket adapter. */
  readonly configure?: (app: NestFastifyApplication, runtime: ServiceRuntime<C>) => Promise<void>;
}

export interface CreateServiceAppOptions<
  C extends BaseServiceConfig = BaseServiceConfig,
> extends ServiceDefinition<C> {
  /** Where the config is read from: process.env in production, an explicit object in tests. */
  readonly env: EnvSource;
  /** Overrides HTTP_PORT; 0 picks a free port. */
  readonly port?: number;
  /** Overrides OPS_HTTP_PORT; 0 picks a free port. */
  readonly opsPort?: number;
  /** Where log lines go; stdout when absent. */
  readonly logDestination?: DestinationStream;
  /** SIGTERM/SIGINT close the app; tests that boot many apps in one process turn this off. */
  readonly shutdownHooks?: boolean;
}

export interface ServiceApp<C extends BaseServiceConfig = BaseServiceConfig> {
  readonly app: NestFastifyApplication;
  readonly config: C;
  readonly logger: Logger;
  /** e.g. http://127.0.0.1:3001 */
  readonly url: string;
  /** Where probes and /metrics answer, e.g. http://127.0.0.1:9001 */
  readonly opsUrl: string;
  /**
   * Settles when the message transport listens. HTTP answers before that, so probes work while
   * Redis is away; a rejection (already logged) means the transport could not start at all.
   */
  readonly transportStarted: Promise<void>;
}

/**
 * Builds and starts a service: config (throws ConfigError), pino logger for Nest, Fastify with
 * HTTP observability, validation, the Redis Streams transport, then HTTP listen.
 */
export async function createServiceApp<C extends BaseServiceConfig>(
  options: CreateServiceAppOptions<C>,
): Promise<ServiceApp<C>> {
  const { service } = options;
  const config = loadConfig(
    options.configClass,
    options.env,
    serviceEnvDefaults(service, options.defaultPort),
  );
  const port = options.port ?? config.HTTP_PORT;
  const opsPort = options.opsPort ?? opsPortOf(config);
  if (port !== 0 && port === opsPort) {
    throw new ConfigError([`OPS_HTTP_PORT must differ from HTTP_PORT (both ${port})`]);
  }
  const logger = createLogger({
    service,
    level: config.LOG_LEVEL,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const instanceId = newInstanceId();

  const runtime: ServiceRuntime<C> = { service, config, logger, instanceId };
  const adapter = new FastifyAdapter({
    ...problemAnswersForFrameworkErrors(logger),
    ...options.fastifyOptions?.(config),
  });
  const fastify = adapter.getInstance();
  const recordRequest = installHttpObservability(fastify, { logger });
  // Errors Fastify meets before a route runs (unparsable JSON, a body over the limit, an unknown
  // content type) reach Nest's own Fastify error handler, hence our filters: problem+json too.
  refuseUnsafeBodies(fastify);
  const ops = OpsServer.attachTo(fastify, { recordRequest });
  const app = await NestFactory.create<NestFastifyApplication>(options.module(runtime), adapter, {
    logger: new NestLoggerAdapter(logger),
    abortOnError: false,
    // Nest's own body parsers would add url-encoded forms: the API speaks JSON only, so Fastify's
    // JSON parser stays alone and any other content type is a 415.
    bodyParser: false,
  });
  // Nest builds message handlers when the transport is connected, and a hybrid app's transport
  // sees global pipes and filters only through the app's config: both are set here, first.
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(
    new TransportAwareExceptionFilter(
      app.get(HttpAdapterHost),
      new RpcErrorFilter(service, logger),
      new ProblemJsonFilter(logger),
    ),
  );
  app.connectMicroservice<CustomStrategy>(
    {
      strategy: new RedisStreamsServer({
        redisUrl: config.REDIS_URL,
        service,
        prefix: config.TRANSPORT_PREFIX,
        consumerName: instanceId,
        claimIdleMs: config.TRANSPORT_CLAIM_IDLE_MS,
        concurrency: config.TRANSPORT_CONCURRENCY,
        logger,
        metrics: createPrometheusMessageMetrics(),
      }),
    },
    { inheritAppConfig: true },
  );

  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await options.configure?.(app, runtime);

  await app.listen(port, config.HTTP_HOST);
  const url = await listeningUrl(app);
  const opsUrl = await ops.listen(config.HTTP_HOST, opsPort);
  logger.info({ url, opsUrl, instanceId }, 'service listening');

  const transportStarted = app.startAllMicroservices().then(() => undefined);
  transportStarted.catch((error: unknown) =>
    logger.error({ err: error }, 'message transport failed to start'),
  );
  return { app, config, logger, url, opsUrl, transportStarted };
}

/** Nest's getUrl() reports 0.0.0.0 / [::]; a URL a client can call is more useful in logs. */
async function listeningUrl(app: NestFastifyApplication): Promise<string> {
  const url = new URL(await app.getUrl());
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  return url.origin;
}
