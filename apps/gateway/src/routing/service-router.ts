import { performance } from 'node:perf_hooks';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { pingPattern, type PingReply, UnavailableError } from '@vantage/contracts';
import {
  createPrometheusMessageMetrics,
  type Logger,
  type MessageMetrics,
} from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { RedisStreamsClient } from '@vantage/transport';
import { TimeoutError as DeadlineExceeded, lastValueFrom, timeout } from 'rxjs';
import { GatewayConfig } from '../config/gateway.config';
import { BREAKER_STATE_VALUES, breakerMetrics } from './breaker-metrics';
import { type BreakerState, CircuitBreaker, CircuitOpenError } from './circuit-breaker';
import { DOWNSTREAM_SERVICES, type DownstreamService } from './downstream-services';
import { routeTimeouts } from './route-timeouts';
import { showsServiceUnavailable, toRoutedError } from './routing-errors';

/**
 * Slack past the route timeout before the gateway gives up on its own: the client's timer
 * normally answers first with its TIMEOUT; this only bounds a send stuck before publishing.
 */
const DEADLINE_SLACK_MS = 250;

interface Route {
  readonly service: DownstreamService;
  readonly client: RedisStreamsClient;
  readonly breaker: CircuitBreaker;
  readonly timeoutMs: number;
}

export interface PingResult extends PingReply {
  readonly roundTripMs: number;
}

/**
 * The gateway's way to the services: one transport client per service, each request bounded by
 * the service's route timeout and guarded by its circuit breaker. The message envelope (request
 * id, org, actor) comes from the request context the caller runs in.
 */
@Injectable()
export class ServiceRouter implements OnApplicationShutdown {
  private readonly routes: ReadonlyMap<DownstreamService, Route>;
  private readonly metrics = breakerMetrics();

  constructor(
    private readonly config: GatewayConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    const timeouts = routeTimeouts(config.ROUTE_TIMEOUT_MS, config.ROUTE_TIMEOUTS);
    const messageMetrics = createPrometheusMessageMetrics();
    this.routes = new Map(
      DOWNSTREAM_SERVICES.map((service) => [
        service,
        this.createRoute(service, timeouts[service], messageMetrics),
      ]),
    );
  }

  /**
   * Sends a request and resolves with the service's reply. Throws UnavailableError (503 with
   * Retry-After) when the service does not answer within its route timeout or its breaker is
   * open; a domain error of the service (a TransportError with a 4xx or INTERNAL payload) is
   * thrown unchanged, for the problem+json filter to answer with the service's status.
   */
  async send<T>(service: DownstreamService, pattern: string, payload: unknown): Promise<T> {
    const route = this.route(service);
    try {
      return await route.breaker.run(
        () => this.request<T>(route, pattern, payload, route.timeoutMs + DEADLINE_SLACK_MS),
        showsServiceUnavailable,
      );
    } catch (error) {
      if (error instanceof CircuitOpenError) this.metrics.rejections.inc({ target: service });
      throw toRoutedError(service, error, route.breaker.retryAfterMs());
    }
  }

  /**
   * Publishes an event; resolves once Redis has stored it. Events go to the pattern's own stream
   * whichever service consumes them, so `service` only picks the connection and deadline.
   * Events do not pass the breakers: they need Redis, not the consumer, to be up.
   */
  emit(pattern: string, payload: unknown): Promise<void>;
  emit(service: DownstreamService, pattern: string, payload: unknown): Promise<void>;
  async emit(...args: [string, unknown] | [DownstreamService, string, unknown]): Promise<void> {
    const [route, pattern, payload] =
      args.length === 3
        ? [this.route(args[0]), args[1], args[2]]
        : [this.route(DOWNSTREAM_SERVICES[0] as DownstreamService), args[0], args[1]];
    try {
      await lastValueFrom(
        route.client.emit(pattern, payload).pipe(timeout({ first: route.timeoutMs })),
        { defaultValue: undefined },
      );
    } catch (error) {
      if (!(error instanceof DeadlineExceeded)) throw error;
      throw new UnavailableError('events cannot be published now; retry later', 1);
    }
  }

  /**
   * Pings a service outside its breaker, with its own short deadline, for readiness: it reports
   * what is true now and neither counts towards nor waits on the breaker.
   */
  async probe(service: DownstreamService, timeoutMs: number): Promise<PingResult> {
    const route = this.route(service);
    const started = performance.now();
    try {
      const reply = await this.request<PingReply>(route, pingPattern(service), {}, timeoutMs);
      return { ...reply, roundTripMs: elapsedMs(started) };
    } catch (error) {
      if (error instanceof DeadlineExceeded) throw new Error(`no reply within ${timeoutMs} ms`);
      throw error;
    }
  }

  /** A routed ping (through the breaker), timed: the system API's way to show a route works. */
  async ping(service: DownstreamService): Promise<PingResult> {
    const started = performance.now();
    const reply = await this.send<PingReply>(service, pingPattern(service), {});
    return { ...reply, roundTripMs: elapsedMs(started) };
  }

  breakerState(service: DownstreamService): BreakerState {
    return this.route(service).breaker.state;
  }

  timeoutOf(service: DownstreamService): number {
    return this.route(service).timeoutMs;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.routes.values()].map((route) => route.client.close()));
  }

  private createRoute(
    service: DownstreamService,
    timeoutMs: number,
    messageMetrics: MessageMetrics,
  ): Route {
    const { config, logger, metrics } = this;
    metrics.state.set({ target: service }, BREAKER_STATE_VALUES.closed);
    const breaker = new CircuitBreaker({
      failureThreshold: config.BREAKER_FAILURE_THRESHOLD,
      openMs: config.BREAKER_OPEN_MS,
      onStateChange: (state, previous) => {
        metrics.state.set({ target: service }, BREAKER_STATE_VALUES[state]);
        const fields = { target: service, state, previous };
        if (state === 'open') logger.warn(fields, 'circuit breaker opened');
        else logger.info(fields, 'circuit breaker state changed');
      },
    });
    const client = new RedisStreamsClient({
      redisUrl: config.REDIS_URL,
      prefix: config.TRANSPORT_PREFIX,
      service,
      requestTimeoutMs: timeoutMs,
      logger,
      metrics: messageMetrics,
    });
    return { service, client, breaker, timeoutMs };
  }

  private request<T>(
    route: Route,
    pattern: string,
    payload: unknown,
    deadlineMs: number,
  ): Promise<T> {
    // As lastValueFrom(send().pipe(timeout({ first }))) without two more rxjs operators per
    // request: the deadline holds until the first value. A handler that returns nothing
    // completes without a value: that is a reply too.
    return new Promise<T>((resolve, reject) => {
      let last = undefined as T;
      let timer: NodeJS.Timeout | undefined = setTimeout(() => {
        timer = undefined;
        subscription.unsubscribe();
        reject(new DeadlineExceeded());
      }, deadlineMs);
      const stopTimer = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      };
      const subscription = route.client.send<T>(pattern, payload).subscribe({
        next: (value) => {
          stopTimer();
          last = value;
        },
        error: (error: unknown) => {
          stopTimer();
          reject(error);
        },
        complete: () => {
          stopTimer();
          resolve(last);
        },
      });
    });
  }

  private route(service: DownstreamService): Route {
    const route = this.routes.get(service);
    if (!route) throw new Error(`no route to ${service}`);
    return route;
  }
}

function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
