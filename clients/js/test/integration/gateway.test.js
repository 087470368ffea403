// The client against the real snoke-ws-gateway binary (SNOKE_WS_GATEWAY_BIN,
// default target/debug/snoke-ws-gateway), with Node's WebSocket from `ws`.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';

import WebSocket from 'ws';

import { CloseCode, SnokeWsClient, State } from '../../src/index.js';
import { GatewayProcess, eventually, nextEvent, startWebhookSink } from '../support/gateway.js';

let sink;
let gateway;
const clients = [];

before(async () => {
  sink = await startWebhookSink();
  gateway = await GatewayProcess.start({ webhookUrl: sink.url });
});

afterEach(() => {
  while (clients.length > 0) {
    clients.pop().close();
  }
});

after(async () => {
  await gateway?.stop('SIGKILL');
  await sink?.close();
});

/** A client of the shared gateway with fast retries; `getToken` defaults to a valid token for userId. */
function client(userId, options = {}) {
  const c = new SnokeWsClient({
    url: gateway.wsUrl,
    WebSocket,
    getToken: async () => gateway.token(userId),
    backoff: { initialMs: 100, maxMs: 500 },
    ...options,
  });
  clients.push(c);
  return c;
}

test('connects with the token from getToken() and receives a push from /internal/publish as an event', async () => {
  const alice = client('alice');
  const opened = nextEvent(alice, 'open', 'the connection to open');
  alice.connect();
  await opened;
  assert.equal(alice.state, State.OPEN);
  assert.ok((await gateway.onlineUserIds()).includes('alice'), 'the gateway lists alice as connected');

  const pushed = nextEvent(alice, 'event', 'the pushed payload', (p) => p?.note === 'hello');
  const answer = await gateway.publish(['user:alice'], { note: 'hello' });
  assert.equal(answer.sent, 1);
  const [payload] = await pushed;
  assert.deepEqual(payload, { note: 'hello' });
});

test('messages sent by the client reach the gateway as message_received events', async () => {
  const bob = client('bob');
  bob.connect();
  await nextEvent(bob, 'open', 'the connection to open');
  assert.equal(bob.send({ type: 'chat', text: 'from node' }), 'sent');
  await eventually(() => sink.messages().some((m) => m.text === 'from node'), 'the webhook to receive "from node"');
});

test('a refused token (close 4401) makes the client fetch a fresh one and connect with it', async () => {
  const tokens = [gateway.token('carol', -60), gateway.token('carol')];
  let calls = 0;
  const carol = client('carol', { getToken: async () => tokens[calls++] });
  const refused = nextEvent(carol, 'close', 'the 4401 close of the expired token', (c) => c.code === CloseCode.UNAUTHORIZED);
  const opened = nextEvent(carol, 'open', 'the connection with the fresh token');
  carol.connect();
  const [close] = await refused;
  assert.equal(close.willReconnect, true);
  await opened;
  assert.equal(calls, 2, 'getToken() was called again after the 4401');
  assert.ok((await gateway.onlineUserIds()).includes('carol'));
});

test('after a gateway restart the client reconnects by itself and flushes what was sent meanwhile', async () => {
  const dave = client('dave');
  dave.connect();
  await nextEvent(dave, 'open', 'the first connection');

  const dropped = nextEvent(dave, 'close', 'the close when the gateway stops');
  await gateway.stop('SIGTERM');
  const [close] = await dropped;
  assert.equal(close.code, CloseCode.GOING_AWAY, 'SIGTERM closes clients with 1001');
  assert.notEqual(dave.state, State.OPEN);

  assert.equal(dave.send({ type: 'chat', text: 'queued 1' }), 'queued');
  assert.equal(dave.send({ type: 'chat', text: 'queued 2' }), 'queued');

  const reopened = nextEvent(dave, 'open', 'the reconnect after the restart', (o) => o.reconnect === true, 10000);
  await gateway.start();
  await reopened;
  assert.equal(dave.queueSize, 0);
  await eventually(() => {
    const texts = sink.messages().map((m) => m.text).filter((t) => t?.startsWith('queued'));
    return texts.length === 2 && texts;
  }, 'both queued messages at the webhook, in order').then((texts) => assert.deepEqual(texts, ['queued 1', 'queued 2']));

  const pushed = nextEvent(dave, 'event', 'a push after the restart');
  await gateway.publish(['user:dave'], { after: 'restart' });
  assert.deepEqual((await pushed)[0], { after: 'restart' });
});

test('a gateway that stops answering is detected by the heartbeat and the client comes back when it does', async () => {
  const erin = client('erin', { heartbeat: { intervalMs: 200, timeoutMs: 300 }, connectTimeoutMs: 1000 });
  erin.connect();
  await nextEvent(erin, 'open', 'the first connection');

  const timedOut = nextEvent(erin, 'close', 'the heartbeat timeout', (c) => c.code === CloseCode.CLIENT_TIMEOUT, 5000);
  gateway.signal('SIGSTOP');
  try {
    await timedOut;
  } finally {
    gateway.signal('SIGCONT');
  }
  await nextEvent(erin, 'open', 'the reconnect after the gateway resumed', () => true, 10000);
  assert.equal(erin.state, State.OPEN);
});
