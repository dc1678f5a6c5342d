import { Injectable } from '@nestjs/common';
import { registeredCounter } from '@vantage/observability';
import { Counter, Gauge, register as defaultRegistry, Registry } from 'prom-client';

/** Why the gateway cut a WebSocket client off (the `reason` label). */
export type DropReason =
  | 'auth_timeout'
  | 'auth_failed'
  | 'auth_unavailable'
  | 'unauthenticated'
  | 'heartbeat'
  | 'slow'
  | 'over_capacity';

/** What kind of frame was sent (the `type` label of vantage_ws_messages_sent_total). */
export type SentFrameType = 'ack' | 'error' | 'update';

/**
 * The /ws Prometheus series. On the default registry, like /metrics, and shared when two
 * gateways run in one process (tests): series are looked up before they are created.
 */
@Injectable()
export class LiveMetrics {
  private readonly connections: Gauge;
  private readonly sent: Counter<'type'>;
  private readonly dropped: Counter<'reason'>;

  constructor() {
    const registry = defaultRegistry;
    this.connections = registeredGauge(registry, {
      name: 'vantage_ws_connections',
      help: 'Open WebSocket connections on /ws, authenticated or not',
    });
    this.sent = registeredCounter<'type'>(registry, {
      name: 'vantage_ws_messages_sent_total',
      help: 'Frames sent to WebSocket clients, by type (ack, error, update)',
      labelNames: ['type'],
    });
    this.dropped = registeredCounter<'reason'>(registry, {
      name: 'vantage_ws_clients_dropped_total',
      help: 'WebSocket clients the gateway disconnected, by reason',
      labelNames: ['reason'],
    });
  }

  connectionOpened(): void {
    this.connections.inc();
  }

  connectionClosed(): void {
    this.connections.dec();
  }

  frameSent(type: SentFrameType): void {
    this.sent.inc({ type });
  }

  clientDropped(reason: DropReason): void {
    this.dropped.inc({ reason });
  }
}

function registeredGauge(registry: Registry, config: { name: string; help: string }): Gauge {
  const existing = registry.getSingleMetric(config.name);
  if (existing === undefined) return new Gauge({ ...config, registers: [registry] });
  if (existing instanceof Gauge) return existing;
  throw new Error(`metric ${config.name} is already registered with another type`);
}
