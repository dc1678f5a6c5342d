import { LIVE_UPDATE_EVENT, LiveChannel } from '@vantage/contracts';
import { startTestService } from '@vantage/service-runtime/testing';
import { publishLiveUpdate, RedisStreamsClient } from '@vantage/transport';
import { connectTestClient, testPrefix, waitUntil } from '@vantage/transport/testing';
import { lastValueFrom } from 'rxjs';
import { gatewayService } from '../src/service-definition';
import { createApiKey, Gateway, registerOrg, Session } from './support/gateway-api';
import { LiveTestClient, metricValue } from './support/live-client';

// Replicas share Redis, the transport prefix and the database, as in production.
const SHARED_ENV = { TRANSPORT_PREFIX: testPrefix() };
const REPLICA_ENV = {
  ...SHARED_ENV,
  WS_AUTH_TIMEOUT_MS: '1500',
  WS_MAX_BUFFERED_BYTES: '262144',
};

let gatewayA: Gateway;
let gatewayB: Gateway;
let publisher: RedisStreamsClient;
let acme: Session;
let globex: Session;
const clients: LiveTestClient[] = [];

async function connect(
  gateway: Gateway,
  token: string,
  channels: readonly string[] = [],
): Promise<LiveTestClient> {
  const client = await LiveTestClient.authenticated(gateway, token, channels);
  clients.push(client);
  return client;
}

async function rawConnect(
  gateway: Gateway,
  headers?: Record<string, string>,
): Promise<LiveTestClient> {
  const client = await LiveTestClient.connect(gateway, headers ? { headers } : {});
  clients.push(client);
  return client;
}

async function publish(
  orgId: string,
  channel: LiveChannel,
  type: string,
  data: unknown = { n: 1 },
): Promise<void> {
  await publishLiveUpdate(publisher, { orgId, channel, type, data });
}

beforeAll(async () => {
  [gatewayA, gatewayB] = await Promise.all([
    startTestService(gatewayService, { env: REPLICA_ENV }),
    startTestService(gatewayService, { env: REPLICA_ENV }),
  ]);
  publisher = await connectTestClient({
    service: 'traffic-monitor',
    prefix: gatewayA.config.TRANSPORT_PREFIX,
  });
  [acme, globex] = await Promise.all([
    registerOrg(gatewayA, 'acme'),
    registerOrg(gatewayA, 'globex'),
  ]);
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await publisher?.close();
  await Promise.all([gatewayA?.close(), gatewayB?.close()]);
});

describe('authentication on /ws', () => {
  it('closes a client that sends no credential in time with a policy violation', async () => {
    const client = await rawConnect(gatewayA);

    expect(await client.next()).toMatchObject({ type: 'error', code: 'AUTH_TIMEOUT' });
    expect(await client.waitForClose()).toEqual({ code: 1008, reason: 'authentication timeout' });
  });

  it('closes a client whose token is not valid', async () => {
    const client = await rawConnect(gatewayA);
    client.send({ type: 'auth', token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' });

    expect(await client.next()).toMatchObject({ type: 'error', code: 'AUTH_FAILED' });
    expect((await client.waitForClose()).code).toBe(1008);
  });

  it('closes a client that tries anything before authenticating', async () => {
    const client = await rawConnect(gatewayA);
    client.send({ type: 'subscribe', channel: 'alerts' });

    expect(await client.next()).toMatchObject({ type: 'error', code: 'UNAUTHENTICATED' });
    expect((await client.waitForClose()).code).toBe(1008);
  });

  it('acknowledges a valid access token with the organisation it belongs to', async () => {
    const client = await rawConnect(gatewayA);
    client.send({ type: 'auth', token: acme.accessToken, id: 'login-1' });

    expect(await client.next()).toEqual({
      type: 'ack',
      of: 'auth',
      orgId: acme.organization.id,
      id: 'login-1',
    });
  });

  it('accepts an API key with the read scope, but not an ingest-only key', async () => {
    const [reader, ingester] = await Promise.all([
      createApiKey(gatewayA, acme, ['read']),
      createApiKey(gatewayA, acme, ['ingest']),
    ]);

    const readClient = await rawConnect(gatewayA);
    readClient.send({ type: 'auth', token: reader.key });
    expect(await readClient.next()).toMatchObject({ type: 'ack', of: 'auth' });

    const ingestClient = await rawConnect(gatewayA);
    ingestClient.send({ type: 'auth', token: ingester.key });
    expect(await ingestClient.next()).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    expect((await ingestClient.waitForClose()).code).toBe(1008);
  });

  it('authenticates a non-browser client from its Authorization header', async () => {
    const client = await rawConnect(gatewayB, { authorization: `Bearer ${acme.accessToken}` });

    expect(await client.next()).toMatchObject({
      type: 'ack',
      of: 'auth',
      orgId: acme.organization.id,
    });
  });

  it('closes a client whose Authorization header holds a bad token', async () => {
    const client = await rawConnect(gatewayB, { authorization: 'Bearer vk_live_not-a-real-key' });

    expect(await client.next()).toMatchObject({ type: 'error', code: 'AUTH_FAILED' });
    expect((await client.waitForClose()).code).toBe(1008);
  });

  it('answers frames sent right behind the auth message once it is accepted', async () => {
    const client = await rawConnect(gatewayA);
    client.send({ type: 'auth', token: acme.accessToken });
    client.send({ type: 'subscribe', channel: 'alerts' });

    expect(await client.next()).toMatchObject({ type: 'ack', of: 'auth' });
    expect(await client.next()).toMatchObject({ type: 'ack', of: 'subscribe', channel: 'alerts' });
  });
});

describe('subscriptions', () => {
  it('acknowledges subscribe and unsubscribe, echoing the id', async () => {
    const client = await connect(gatewayA, acme.accessToken);

    client.send({ type: 'subscribe', channel: 'traffic', id: 's1' });
    expect(await client.next()).toEqual({
      type: 'ack',
      of: 'subscribe',
      channel: 'traffic',
      id: 's1',
    });
    client.send({ type: 'unsubscribe', channel: 'traffic', id: 'u1' });
    expect(await client.next()).toEqual({
      type: 'ack',
      of: 'unsubscribe',
      channel: 'traffic',
      id: 'u1',
    });
  });

  it('answers mistakes with error frames and keeps the connection open', async () => {
    const client = await connect(gatewayA, acme.accessToken);

    client.send('{not json');
    expect(await client.next()).toMatchObject({ type: 'error', code: 'BAD_JSON' });
    client.send({ type: 'shout', channel: 'alerts' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE' });
    client.send({ type: 'subscribe', channel: 'payroll', id: 'x' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'UNKNOWN_CHANNEL', id: 'x' });
    client.send({ type: 'auth', token: globex.accessToken });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'ALREADY_AUTHENTICATED' });
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });

    client.send({ type: 'subscribe', channel: 'alerts' });
    expect(await client.next()).toMatchObject({ type: 'ack', of: 'subscribe' });
    expect(client.closed).toBeUndefined();
  });
});

describe('fan-out across gateway replicas', () => {
  it('delivers an update once to every subscriber of its org on any replica, and to no other org', async () => {
    const key = await createApiKey(gatewayA, acme, ['read']);
    const onA = await connect(gatewayA, acme.accessToken, ['alerts']);
    const onB = await connect(gatewayB, key.key, ['alerts']);
    // Subscribing twice must not mean receiving twice.
    const twiceOnB = await connect(gatewayB, acme.accessToken, ['alerts', 'alerts']);
    const otherChannel = await connect(gatewayA, acme.accessToken, ['traffic']);
    const otherOrg = await connect(gatewayA, globex.accessToken, ['alerts', 'traffic']);

    await publish(acme.organization.id, 'alerts', 'alert.raised', { alertId: 'al_1' });
    // Markers published after it: once a client has its marker, the update (earlier on the same
    // stream) has either reached it or never will.
    await publish(acme.organization.id, 'traffic', 'marker.acme');
    await publish(acme.organization.id, 'alerts', 'marker.acme');
    await publish(globex.organization.id, 'alerts', 'marker.globex');

    for (const client of [onA, onB, twiceOnB]) {
      await client.waitForUpdate('marker.acme');
      expect(client.updates('alert.raised')).toEqual([
        {
          type: 'update',
          channel: 'alerts',
          event: 'alert.raised',
          data: { alertId: 'al_1' },
          at: expect.any(String),
        },
      ]);
    }
    await otherChannel.waitForUpdate('marker.acme');
    expect(otherChannel.updates('alert.raised')).toEqual([]);
    await otherOrg.waitForUpdate('marker.globex');
    expect(otherOrg.updates()).toEqual([
      expect.objectContaining({ event: 'marker.globex', channel: 'alerts' }),
    ]);
  });

  it('stops delivering a channel once the client unsubscribes from it', async () => {
    const client = await connect(gatewayB, acme.accessToken, ['alerts', 'telemetry']);
    client.send({ type: 'unsubscribe', channel: 'alerts' });
    expect(await client.next()).toMatchObject({ type: 'ack', of: 'unsubscribe' });

    await publish(acme.organization.id, 'alerts', 'alert.after-unsubscribe');
    await publish(acme.organization.id, 'telemetry', 'marker.telemetry');

    await client.waitForUpdate('marker.telemetry');
    expect(client.updates('alert.after-unsubscribe')).toEqual([]);
  });

  it('ignores a malformed update and keeps delivering the next ones', async () => {
    const client = await connect(gatewayA, acme.accessToken, ['alerts']);

    await lastValueFrom(
      publisher.emit(LIVE_UPDATE_EVENT, { orgId: acme.organization.id, channel: 'alerts' }),
      { defaultValue: undefined },
    );
    await publish(acme.organization.id, 'alerts', 'alert.after-malformed');

    await client.waitForUpdate('alert.after-malformed');
    expect(client.updates()).toHaveLength(1);
  });
});

describe('slow clients', () => {
  it('drops a client that stops reading instead of buffering for it without bound', async () => {
    const slow = await connect(gatewayA, acme.accessToken, ['telemetry']);
    const healthy = await connect(gatewayA, acme.accessToken, ['telemetry']);
    const droppedBefore = await metricValue('vantage_ws_clients_dropped_total', { reason: 'slow' });
    slow.socket.pause();

    // Big updates fill the kernel's socket buffers first; then the gateway's own buffer grows
    // past WS_MAX_BUFFERED_BYTES and the next update drops the client.
    const bulk = 'x'.repeat(128 * 1024);
    let sent = 0;
    await waitUntil(async () => {
      if (slow.socket.readyState !== slow.socket.OPEN) return true;
      const dropped = await metricValue('vantage_ws_clients_dropped_total', { reason: 'slow' });
      if (dropped > droppedBefore) return true;
      await publish(acme.organization.id, 'telemetry', 'telemetry.bulk', { bulk, n: sent++ });
      return false;
    }, 'the slow client to be dropped');
    await publish(acme.organization.id, 'telemetry', 'marker.after-drop');

    await healthy.waitForUpdate('marker.after-drop');
    expect(healthy.updates('telemetry.bulk').length).toBe(sent);
    slow.socket.resume();
    expect([1013, 1006]).toContain((await slow.waitForClose()).code);
    expect(slow.updates('marker.after-drop')).toEqual([]);
  });
});

describe('heartbeat and shutdown', () => {
  let gatewayC: Gateway;
  let closedC = false;

  beforeAll(async () => {
    gatewayC = await startTestService(gatewayService, {
      env: { ...SHARED_ENV, WS_HEARTBEAT_MS: '1000' },
    });
  });

  afterAll(async () => {
    if (!closedC) await gatewayC?.close();
  });

  it('terminates a client that does not answer pings, and keeps one that does', async () => {
    const silent = await LiveTestClient.connect(gatewayC, { autoPong: false });
    clients.push(silent);
    silent.send({ type: 'auth', token: acme.accessToken });
    await silent.next();
    const responsive = await connect(gatewayC, acme.accessToken, ['alerts']);
    const droppedBefore = await metricValue('vantage_ws_clients_dropped_total', {
      reason: 'heartbeat',
    });
    let pings = 0;
    responsive.socket.on('ping', () => (pings += 1));

    // Terminated without a close frame: the client sees an abnormal closure.
    expect((await silent.waitForClose()).code).toBe(1006);
    expect(
      await metricValue('vantage_ws_clients_dropped_total', { reason: 'heartbeat' }),
    ).toBeGreaterThan(droppedBefore);
    // The responsive client was pinged through the same beats and is still there.
    await waitUntil(() => pings >= 2, 'two pings');
    responsive.send({ type: 'subscribe', channel: 'traffic' });
    expect(await responsive.next()).toMatchObject({ type: 'ack', of: 'subscribe' });
  });

  it('closes a connection whose API key is revoked, on the next heartbeat', async () => {
    const key = await createApiKey(gatewayC, acme, ['read']);
    const client = await connect(gatewayC, key.key, ['alerts']);
    const revoked = await gatewayC.fetch(`/api/v1/api-keys/${key.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${acme.accessToken}` },
    });
    expect(revoked.status).toBe(200);

    expect((await client.waitForClose()).code).toBe(1008);
  });

  it('lets a client replace its credential with a fresh one of the same org', async () => {
    const client = await connect(gatewayC, acme.accessToken, ['alerts']);
    const key = await createApiKey(gatewayC, acme, ['read']);
    client.send({ type: 'auth', token: key.key, id: 'renew' });
    expect(await client.next()).toMatchObject({ type: 'ack', of: 'auth', id: 'renew' });
    client.send({ type: 'auth', token: globex.accessToken, id: 'switch' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'ALREADY_AUTHENTICATED' });
  });

  it('closes every client with 1001 when the gateway shuts down', async () => {
    const client = await connect(gatewayC, acme.accessToken, ['alerts']);
    const connectionsBefore = await metricValue('vantage_ws_connections');
    expect(connectionsBefore).toBeGreaterThanOrEqual(1);

    closedC = true;
    await gatewayC.close();

    expect(await client.waitForClose()).toEqual({ code: 1001, reason: 'server shutting down' });
  });
});
