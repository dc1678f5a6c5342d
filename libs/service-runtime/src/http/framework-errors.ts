import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { HttpException } from '@nestjs/common';
import type { FastifyServerOptions } from 'fastify';
import type { Logger } from '@vantage/observability';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';
import { sendProblem } from './problem-json.filter';

/**
 * Problem+json for what Fastify and Node refuse before any route or Nest filter runs: a URL
 * Fastify cannot decode (400), a path parameter over maxParamLength (414), and requests Node's
 * parser rejects on the socket (431 headers too large, 408, 400). Their stock answers are
 * Fastify's own `{statusCode, error, message}` JSON.
 */
export function problemAnswersForFrameworkErrors(
  logger: Logger,
): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    frameworkErrors: (error, request, reply) => sendProblem(error, request, reply, logger),
    clientErrorHandler: (error, socket) => answerClientError(error, socket),
  };
}

/** What Node's HTTP parser errors mean to the client (as Fastify's default handler maps them). */
export function clientErrorStatus(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/** The raw HTTP/1.1 answer to a request Node could not parse: there is no request to reply to. */
export function clientErrorResponse(code: string | undefined): string {
  const status = clientErrorStatus(code);
  const reason = STATUS_CODES[status] ?? 'Bad Request';
  // No URL was parsed, so the problem names no instance beyond the server root.
  const body = JSON.stringify(toProblem(new HttpException(reason, status), '/').body);
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** How long a refused client may go on sending before its connection is cut. */
const DRAIN_BEFORE_CLOSE_MS = 1000;

function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer (as in Fastify's default handler).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  // Closing at once while the client is still sending (a 64 KB URL) resets the connection, and
  // the client sees "socket hang up" instead of the answer: answer, half-close, and read and drop
  // what is still coming for a moment before closing for good.
  socket.end(clientErrorResponse(error.code));
  socket.on('data', () => undefined);
  socket.resume();
  setTimeout(() => socket.destroy(), DRAIN_BEFORE_CLOSE_MS).unref();
}
