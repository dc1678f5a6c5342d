import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@vantage/observability';
import { currentContext } from '@vantage/observability';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';

/** Answers an HTTP error as problem+json; shared by the Nest filter and Fastify's error handler. */
export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
): void {
  const requestId = currentContext()?.requestId;
  const problem = toProblem(error, request.url.split('?')[0] ?? '/', requestId);
  if (problem.unexpected) {
    logger.error({ err: error, errorId: problem.body.errorId }, 'request failed unexpectedly');
  }
  if (reply.sent) return;
  void reply
    .status(problem.body.status)
    .headers(problem.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problem.body);
}

/** Every HTTP error of every Vantage service leaves as RFC 9457 problem+json. */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(
      exception,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      this.logger,
    );
  }
}
