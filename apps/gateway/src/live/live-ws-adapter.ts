import type { INestApplication } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';

/**
 * The `ws` adapter on the app's own HTTP server (Fastify's underlying Node server), so /ws shares
 * the HTTP port. LiveGateway reads frames itself; Nest's {event, data} dispatcher is given
 * nothing (a parser that returns nothing drops the frame without parsing or logging it).
 */
export function createLiveWsAdapter(app: INestApplication): WsAdapter {
  return new WsAdapter(app, { messageParser: () => undefined });
}
