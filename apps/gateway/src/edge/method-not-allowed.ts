import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

interface RoutePattern {
  readonly url: string;
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

/** Whether some path matches both patterns. */
function overlap(a: readonly string[], b: readonly string[]): boolean {
  return (
    a.length === b.length &&
    a.every((segment, i) => segment.startsWith(':') || b[i]?.startsWith(':') || segment === b[i])
  );
}

/** As the router ranks them: at the first segment where two patterns differ, a literal wins. */
function moreSpecific(a: RoutePattern, b: RoutePattern): RoutePattern {
  for (let i = 0; i < a.segments.length; i++) {
    const aParam = a.segments[i]?.startsWith(':') ?? false;
    const bParam = b.segments[i]?.startsWith(':') ?? false;
    if (aParam !== bParam) return aParam ? b : a;
  }
  return a;
}

/**
 * A request for a path that exists, with a method it does not have, is answered 405 with the
 * path's methods in Allow (RFC 9110 15.5.6) instead of 404. The path is the most specific
 * pattern that matches, as in the router and in OpenAPI: `DELETE /roadmap/velocity` is a 405
 * (that path has GET only), not a DELETE of the item `velocity` under `/roadmap/:id`. In
 * onRequest, before any body is read: a method Fastify expects a body with (QUERY) would
 * otherwise be refused for its missing Content-Type first. Install before Nest registers its
 * routes (at listen).
 */
export function answerUndeclaredMethods(fastify: FastifyInstance): void {
  const patterns = new Map<string, RoutePattern>();
  fastify.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const segments = segmentsOf(route.url);
    const key = segments.join('/');
    const pattern = patterns.get(key) ?? { url: route.url, segments, methods: new Set() };
    for (const method of [route.method].flat()) pattern.methods.add(method.toUpperCase());
    patterns.set(key, pattern);
  });
  // Per parameterised route, the patterns that can match a path it matches: usually itself
  // alone, so a routed request looks at one pattern rather than at every route. Filled at the
  // first request of each route, when every route is registered.
  const rivals = new Map<string, RoutePattern[]>();
  const candidatesFor = (routed: string | undefined): Iterable<RoutePattern> => {
    if (routed === undefined) return patterns.values();
    let found = rivals.get(routed);
    if (found === undefined) {
      const segments = segmentsOf(routed);
      found = [...patterns.values()].filter((pattern) => overlap(pattern.segments, segments));
      rivals.set(routed, found);
    }
    return found;
  };
  fastify.addHook('onRequest', async (request, reply) => {
    const routed = request.is404 ? undefined : request.routeOptions.url;
    // A route of the path itself, or a catch-all such as CORS preflight's: nothing to add.
    if (routed !== undefined && !routed.includes(':')) return;
    const path = segmentsOf(request.url.split('?')[0] ?? '/');
    let found: RoutePattern | undefined;
    for (const pattern of candidatesFor(routed))
      if (matches(pattern.segments, path)) found = found ? moreSpecific(found, pattern) : pattern;
    if (!found || found.url === routed || found.methods.has(request.method)) return;
    const allow = [...found.methods].sort().join(', ');
    reply.header('allow', allow);
    throw new HttpException(
      `${request.method} is not a method of this path; it has ${allow}`,
      HttpStatus.METHOD_NOT_ALLOWED,
    );
  });
}
