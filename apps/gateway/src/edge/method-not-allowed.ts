import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

interface RoutePattern {
  /** `:name` segments match any one segment. */
  readonly segments: readonly string[];
  readonly methods: Set<string>;
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matches(pattern: readonly string[], path: readonly string[]): boolean {
  return (
    pattern.length === path.length &&
    pattern.every((segment, i) => segment.startsWith(':') || segment === path[i])
  );
}

/**
 * A request for a path that exists, with a method it does not have, is answered 405 with the
 * path's methods in Allow (RFC 9110 15.5.6) instead of 404. In onRequest, before any body is
 * read: a method Fastify expects a body with (QUERY) would otherwise be refused for its missing
 * Content-Type first. Install before Nest registers its routes (at listen).
 */
export function answerUndeclaredMethods(fastify: FastifyInstance): void {
  const patterns = new Map<string, RoutePattern>();
  fastify.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const key = segmentsOf(route.url).join('/');
    const pattern = patterns.get(key) ?? { segments: segmentsOf(route.url), methods: new Set() };
    for (const method of [route.method].flat()) pattern.methods.add(method.toUpperCase());
    patterns.set(key, pattern);
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const path = segmentsOf(request.url.split('?')[0] ?? '/');
    const allowed = new Set<string>();
    for (const pattern of patterns.values())
      if (matches(pattern.segments, path))
        for (const method of pattern.methods) allowed.add(method);
    if (allowed.size === 0) return;
    const allow = [...allowed].sort().join(', ');
    reply.header('allow', allow);
    throw new HttpException(
      `${request.method} is not a method of this path; it has ${allow}`,
      HttpStatus.METHOD_NOT_ALLOWED,
    );
  });
}
