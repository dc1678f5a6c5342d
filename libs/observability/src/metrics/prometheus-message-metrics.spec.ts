import { Registry } from 'prom-client';
import { createPrometheusMessageMetrics } from './prometheus-message-metrics';

describe('createPrometheusMessageMetrics', () => {
  it('records handled messages, redeliveries and request durations with their labels', async () => {
    const registry = new Registry();
    const metrics = createPrometheusMessageMetrics(registry);

    metrics.messageHandled('billing.plan.change.1', 'request', 'ok', 0.02);
    metrics.messageRedelivered('billing.plan.change.1');
    metrics.requestCompleted('billing.plan.change.1', 'billing', 'timeout', 5);

    const text = await registry.metrics();
    expect(text).toContain(
      'vantage_message_handling_seconds_count{pattern="billing.plan.change.1",kind="request",outcome="ok"} 1',
    );
    expect(text).toContain('vantage_message_redeliveries_total{pattern="billing.plan.change.1"} 1');
    expect(text).toContain(
      'vantage_request_duration_seconds_count{pattern="billing.plan.change.1",target="billing",outcome="timeout"} 1',
    );
  });

  it('reuses the metrics already registered when created twice on one registry', async () => {
    const registry = new Registry();
    const first = createPrometheusMessageMetrics(registry);
    const second = createPrometheusMessageMetrics(registry);

    first.messageRedelivered('p');
    second.messageRedelivered('p');

    expect(await registry.metrics()).toContain('vantage_message_redeliveries_total{pattern="p"} 2');
  });
});
