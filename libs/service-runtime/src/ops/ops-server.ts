import { randomBytes, timingSafeEqual } from 'node:crypto';
import { NotFoundError } from '@vantage/contracts';
import {
  type HttpRequestRecorder,
  REQUEST_ID_HEADER,
  resolveRequestId,
  runWithContext,
} from '@vantage/observability';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../http/problem-details';
import { isOpsPath, pathOf } from './ops-paths';

/** Marks a request relayed by the ops server; its value is random per process. */
const RELAY_HEADER = 'x-vantage-ops-relay';
/** What a probe's or a scrape's answer keeps of the app's headers. */
const RELAYED_ANSWER_HEADERS = ['content-type', 'cache-control'] as const;

const LIVENESS_PATH = '/health/live';
/** HealthController.live's answer, serialized once, and the Cache-Control of terminus's @HealthCheck(). */
const LIVENESS_JSON = JSON.stringify({ status: 'ok' });
const LIVENESS_CACHE_CONTROL = 'no-cache, no-store, must-revalidate';
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface OpsServerOptions {
  /** The app's histogram and log line, for the requests the ops server answers itself. */
  readonly recordRequest?: HttpRequestRecorder;
}

/**
 * The app's probes and /metrics on a port of their own. The routes stay the app's (Nest's
 * HealthController and the Prometheus controller, with its hooks: request id, log line,
 * histogram); the ops server relays to them in process (`inject`) with a per-process secret
 * header, and the public port answers 404 to any ops path that does not carry it.
 * Liveness is the exception: it says only that the process answers, it is polled often, and a
 * relay through a second Fastify pass and light-my-request cost ten times a plain answer; the ops
 * server answers it as HealthController.live does and records the same histogram sample and
 * debug log line (`recordRequest`).
 */
export class OpsServer {
  private readonly token = randomBytes(32);
  private readonly server: FastifyInstance = Fastify({ logger: false });

  private constructor(
    private readonly app: FastifyInstance,
    options: OpsServerOptions,
  ) {
    const { recordRequest } = options;
    this.server.route({
      method: ['GET', 'HEAD'],
      url: LIVENESS_PATH,
      handler: (_request, reply) => {
        void reply
          .header('content-type', JSON_CONTENT_TYPE)
          .header('cache-control', LIVENESS_CACHE_CONTROL)
          .send(LIVENESS_JSON);
      },
      ...(recordRequest
        ? {
            onResponse: (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
              const sample = {
                method: request.method,
                route: LIVENESS_PATH,
                status: reply.statusCode,
                seconds: reply.elapsedTime / 1e3,
              };
              const requestId = resolveRequestId(request.headers[REQUEST_ID_HEADER]);
              runWithContext({ requestId }, () => recordRequest(sample));
              done();
            },
          }
        : {}),
    });
    this.server.route({
      method: ['GET', 'HEAD'],
      url: '/*',
      handler: async (request, reply) => {
        if (!isOpsPath(request.url)) return notFound(request.method, request.url, reply);
        const answer = await this.app.inject({
          method: request.method as 'GET' | 'HEAD',
          url: request.url,
          headers: {
            ...(request.headers.accept ? { accept: request.headers.accept } : {}),
            [RELAY_HEADER]: this.token.toString('base64url'),
          },
        });
        void reply.code(answer.statusCode);
        for (const name of RELAYED_ANSWER_HEADERS) {
          const value = answer.headers[name];
          if (value !== undefined) void reply.header(name, value);
        }
        return reply.send(answer.rawPayload);
      },
    });
  }

  /**
   * Installs the public port's refusal on `app` (before its other onRequest hooks, so nothing
   * answers an ops path first) and closes the ops server with it. Call before `app` is ready.
   */
  static attachTo(app: FastifyInstance, options: OpsServerOptions = {}): OpsServer {
    const ops = new OpsServer(app, options);
    app.addHook('onRequest', (request, reply, done) => {
      if (!isOpsPath(request.url)) return done();
      if (ops.relayed(request.headers[RELAY_HEADER])) {
        delete request.headers[RELAY_HEADER];
        return done();
      }
      void notFound(request.method, request.url, reply);
    });
    app.addHook('onClose', async () => {
      await ops.server.close();
    });
    return ops;
  }

  /** Starts listening; resolves with the URL a probe on this machine can use. */
  async listen(host: string, port: number): Promise<string> {
    await this.server.listen({ host, port });
    const address = this.server.server.address();
    const boundPort = typeof address === 'object' && address !== null ? address.port : port;
    const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    return `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${boundPort}`;
  }

  private relayed(value: string | string[] | undefined): boolean {
    if (typeof value !== 'string') return false;
    const given = Buffer.from(value, 'base64url');
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }
}

/** The same 404 problem document as any route the app does not have. */
function notFound(method: string, url: string, reply: FastifyReply): FastifyReply {
  const path = pathOf(url);
  const problem = toProblem(new NotFoundError(`Cannot ${method} ${path}`), path);
  return reply.code(404).header('content-type', PROBLEM_CONTENT_TYPE).send(problem.body);
}
