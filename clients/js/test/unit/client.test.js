// The client's state machine, driven through a fake WebSocket and a fake clock
// (no network, no real time): every reconnect, timeout and queue rule.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { CloseCode, SnokeWsClient, SnokeWsError, State } from '../../src/index.js';
import { FakeClock, FakeWebSocket, settle } from '../support/fakes.js';

let clock;

beforeEach(() => {
  FakeWebSocket.reset();
  clock = new FakeClock();
});

/** A client wired to the fakes; records every event it emits. */
function makeClient(overrides = {}) {
  const tokens = overrides.tokens ?? ['t1', 't2', 't3', 't4', 't5', 't6', 't7'];
  let calls = 0;
  const getToken =
    overrides.getToken ??
    (async () => {
      const token = tokens[Math.min(calls, tokens.length - 1)];
      calls += 1;
      return token;
    });
  const client = new SnokeWsClient({
    url: 'ws://gateway.test/ws',
    WebSocket: FakeWebSocket,
    timers: clock.timers(),
    random: () => 0.5,
    backoff: { initialMs: 1000, maxMs: 8000, factor: 2 },
    heartbeat: { intervalMs: 20000, timeoutMs: 5000 },
    connectTimeoutMs: 10000,
    ...overrides.options,
    getToken,
  });
  const log = [];
  for (const type of ['state', 'open', 'close', 'event', 'presence', 'rate_limited', 'queue', 'error']) {
    client.on(type, (...args) => log.push([type, ...args]));
  }
  return { client, log, tokenCalls: () => calls };
}

const states = (log) => log.filter(([type]) => type === 'state').map(([, state]) => state);
const errors = (log) => log.filter(([type]) => type === 'error').map(([, error]) => error);

/** connect() and complete the handshake of the first socket. */
async function connected(setup = makeClient()) {
  setup.client.connect();
  await settle();
  FakeWebSocket.last().accept();
  assert.equal(setup.client.state, State.OPEN);
  return setup;
}

test('connects to the url with the token from getToken() as ?token=', async () => {
  const { client } = makeClient();
  client.connect();
  await settle();
  assert.equal(FakeWebSocket.instances.length, 1);
  assert.equal(FakeWebSocket.last().url, 'ws://gateway.test/ws?token=t1');
});

test('a {token, url} from getToken() wins over the url option, and http URLs become ws', async () => {
  const { client } = makeClient({ getToken: async () => ({ token: 'a b', url: 'https://other.test/ws?x=1' }) });
  client.connect();
  await settle();
  assert.equal(FakeWebSocket.last().url, 'wss://other.test/ws?x=1&token=a+b');
});

test('is open only once the gateway answers the probe it sends on socket open', async () => {
  const { client, log } = makeClient();
  client.connect();
  await settle();
  const socket = FakeWebSocket.last();
  socket.serverOpen();
  assert.equal(client.state, State.CONNECTING, 'an upgraded socket may still be refused with 4401');
  assert.deepEqual(socket.sentJson(), [{ type: 'ping' }]);
  socket.serverSend({ type: 'pong' });
  assert.equal(client.state, State.OPEN);
  assert.deepEqual(states(log), ['connecting', 'open']);
  assert.deepEqual(log.find(([type]) => type === 'open'), ['open', { reconnect: false }]);
});

test('server pushes arrive as event, presence payloads also as presence', async () => {
  const { log } = await connected();
  const socket = FakeWebSocket.last();
  socket.serverSend({ type: 'event', payload: { type: 'chat', text: 'hi' } });
  socket.serverSend({ type: 'event', payload: { type: 'presence', users: ['user:1'] } });
  socket.serverSend({ type: 'rate_limited' });
  assert.deepEqual(
    log.filter(([type]) => ['event', 'presence', 'rate_limited'].includes(type)),
    [
      ['event', { type: 'chat', text: 'hi' }],
      ['event', { type: 'presence', users: ['user:1'] }],
      ['presence', { type: 'presence', users: ['user:1'] }],
      ['rate_limited', { type: 'rate_limited' }],
    ],
  );
});

test('a frame that is not JSON is reported as bad_frame and the connection stays open', async () => {
  const { client, log } = await connected();
  FakeWebSocket.last().serverSend('not json');
  assert.equal(errors(log)[0].code, 'bad_frame');
  assert.equal(client.state, State.OPEN);
});

test('a dropped connection is retried after the backoff, reusing the token', async () => {
  const { client, log, tokenCalls } = await connected();
  FakeWebSocket.last().serverClose(1006);
  assert.equal(client.state, State.RECONNECTING);
  const close = log.find(([type]) => type === 'close')[1];
  assert.deepEqual(close, { code: 1006, reason: '', wasClean: false, willReconnect: true });
  const detail = log.filter(([type]) => type === 'state').at(-1)[2];
  assert.equal(detail.delayMs, 500, 'full jitter: random 0.5 × ceiling 1000');
  assert.equal(detail.retryAt, clock.time + 500);

  clock.advance(499);
  assert.equal(FakeWebSocket.instances.length, 1);
  clock.advance(1);
  await settle();
  assert.equal(FakeWebSocket.instances.length, 2);
  assert.equal(FakeWebSocket.last().url, 'ws://gateway.test/ws?token=t1');
  assert.equal(tokenCalls(), 1);
  FakeWebSocket.last().accept();
  assert.deepEqual(log.filter(([type]) => type === 'open').at(-1), ['open', { reconnect: true }]);
});

test('the backoff grows with each failed attempt and starts over after a successful open', async () => {
  const { log } = await connected();
  const delays = () => log.filter(([type, state]) => type === 'state' && state === 'reconnecting').map(([, , d]) => d.delayMs);
  for (let i = 0; i < 5; i++) {
    FakeWebSocket.last().serverClose(1006);
    clock.advance(clock.pendingDelays()[0]);
    await settle();
  }
  assert.deepEqual(delays(), [500, 1000, 2000, 4000, 4000], 'ceilings 1 s, 2 s, 4 s, 8 s, capped at 8 s; jitter 0.5');
  FakeWebSocket.last().accept();
  FakeWebSocket.last().serverClose(1001);
  assert.equal(delays().at(-1), 500);
});

test('close 4401 fetches a fresh token before reconnecting', async () => {
  const { client, log, tokenCalls } = makeClient();
  client.connect();
  await settle();
  const first = FakeWebSocket.last();
  first.serverOpen();
  first.serverClose(CloseCode.UNAUTHORIZED, 'invalid token');
  assert.equal(log.find(([type]) => type === 'close')[1].code, 4401);
  clock.advance(clock.pendingDelays()[0]);
  await settle();
  assert.equal(tokenCalls(), 2);
  assert.equal(FakeWebSocket.last().url, 'ws://gateway.test/ws?token=t2');
  FakeWebSocket.last().accept();
  assert.equal(client.state, State.OPEN);
});

test('gives up with an unauthorized error after maxAuthFailures refusals in a row', async () => {
  const { client, log } = makeClient({ options: { maxAuthFailures: 3 } });
  client.connect();
  for (let i = 0; i < 3; i++) {
    await settle();
    FakeWebSocket.last().serverOpen();
    FakeWebSocket.last().serverClose(4401);
    clock.advance(clock.pendingDelays()[0] ?? 0);
  }
  await settle();
  assert.equal(client.state, State.CLOSED);
  assert.equal(FakeWebSocket.instances.length, 3);
  assert.equal(errors(log).at(-1).code, 'unauthorized');
  assert.equal(log.filter(([type]) => type === 'close').at(-1)[1].willReconnect, false);
  assert.deepEqual(clock.pendingDelays(), []);
});

test('a failing getToken() is reported as token_failed and retried with backoff', async () => {
  let calls = 0;
  const { client, log } = makeClient({
    getToken: async () => {
      calls += 1;
      if (calls === 1) {
        throw new Error('HTTP 503');
      }
      return 'late-token';
    },
  });
  client.connect();
  await settle();
  const [error] = errors(log);
  assert.ok(error instanceof SnokeWsError);
  assert.equal(error.code, 'token_failed');
  assert.match(error.message, /HTTP 503/);
  assert.equal(client.state, State.RECONNECTING);
  assert.equal(FakeWebSocket.instances.length, 0);
  clock.advance(500);
  await settle();
  assert.equal(FakeWebSocket.last().url, 'ws://gateway.test/ws?token=late-token');
});

test('a getToken() answer that is not a token is reported as bad_token naming what came back', async () => {
  const { client, log } = makeClient({ getToken: async () => ({ jwt: 'x' }) });
  client.connect();
  await settle();
  assert.equal(errors(log)[0].code, 'bad_token');
  assert.match(errors(log)[0].message, /keys \[jwt\]/);
  assert.equal(client.state, State.RECONNECTING);
});

test('a heartbeat goes out every interval; no answer within the timeout drops the socket and reconnects', async () => {
  const { client, log } = await connected();
  const socket = FakeWebSocket.last();
  clock.advance(20000);
  assert.deepEqual(socket.sentJson(), [{ type: 'ping' }, { type: 'ping' }]);
  socket.serverSend({ type: 'pong' });
  clock.advance(20000);
  assert.equal(socket.sent.length, 3);
  assert.equal(client.state, State.OPEN, 'answered in time');
  clock.advance(4999);
  assert.equal(client.state, State.OPEN);
  clock.advance(1);
  assert.equal(client.state, State.RECONNECTING);
  assert.equal(socket.closedWith.code, CloseCode.CLIENT_TIMEOUT);
  assert.equal(log.filter(([type]) => type === 'close').at(-1)[1].code, CloseCode.CLIENT_TIMEOUT);
  socket.serverClose(1006);
  assert.equal(log.filter(([type]) => type === 'close').length, 1, "the abandoned socket's late close is ignored");
});

test('a heartbeat with a custom message and heartbeat: false are honoured', async () => {
  const custom = makeClient({ options: { heartbeat: { intervalMs: 1000, timeoutMs: 500, message: { type: 'heartbeat' } } } });
  await connected(custom);
  clock.advance(1000);
  assert.deepEqual(FakeWebSocket.last().sentJson(), [{ type: 'heartbeat' }, { type: 'heartbeat' }]);

  custom.client.close();
  FakeWebSocket.reset();
  const silent = makeClient({ options: { heartbeat: false } });
  await connected(silent);
  clock.advance(600000);
  assert.equal(FakeWebSocket.last().sent.length, 1, 'only the open probe');
  assert.equal(silent.client.state, State.OPEN);
});

test('a socket that never opens is given up after connectTimeoutMs', async () => {
  const { client } = makeClient();
  client.connect();
  await settle();
  clock.advance(9999);
  assert.equal(client.state, State.CONNECTING);
  clock.advance(1);
  assert.equal(client.state, State.RECONNECTING);
  assert.equal(FakeWebSocket.last().closedWith.code, CloseCode.CLIENT_TIMEOUT);
});

test('sends while offline are queued and flushed in order once open', async () => {
  const { client, log } = await connected();
  assert.equal(client.send({ type: 'chat', text: 'live' }), 'sent');
  FakeWebSocket.last().serverClose(1001, 'server shutting down');
  assert.equal(client.send({ type: 'chat', text: 'one' }), 'queued');
  assert.equal(client.send('two'), 'queued');
  assert.equal(client.queueSize, 2);
  clock.advance(clock.pendingDelays()[0]);
  await settle();
  const socket = FakeWebSocket.last();
  socket.serverOpen();
  assert.deepEqual(socket.sent, ['{"type":"ping"}'], 'nothing is flushed before the gateway accepted the token');
  socket.serverSend({ type: 'pong' });
  assert.deepEqual(socket.sent, ['{"type":"ping"}', '{"type":"chat","text":"one"}', 'two']);
  assert.equal(client.queueSize, 0);
  assert.deepEqual(log.filter(([type]) => type === 'queue').map(([, q]) => q.size), [1, 2, 0]);
});

test('send before connect() queues too', async () => {
  const { client } = makeClient();
  assert.equal(client.send({ hello: 1 }), 'queued');
  await connected({ client, log: [] });
  assert.deepEqual(FakeWebSocket.last().sentJson(), [{ type: 'ping' }, { hello: 1 }]);
});

test('a full queue refuses the message with queue_full instead of dropping one silently', async () => {
  const { client } = makeClient({ options: { queueLimit: 2 } });
  client.send('a');
  client.send('b');
  assert.throws(() => client.send('c'), (e) => e instanceof SnokeWsError && e.code === 'queue_full' && /queueLimit 2/.test(e.message));
  assert.equal(client.queueSize, 2);
});

test('send refuses what has no JSON form', () => {
  const { client } = makeClient();
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => client.send(cyclic), /not serialisable as JSON/);
  assert.throws(() => client.send(undefined), /undefined has no JSON form/);
});

test('close() stops reconnecting, drops the queue and makes send() fail', async () => {
  const { client, log } = await connected();
  FakeWebSocket.last().serverClose(1006);
  client.send('pending');
  client.close();
  assert.equal(client.state, State.CLOSED);
  assert.deepEqual(clock.pendingDelays(), []);
  assert.equal(client.queueSize, 0);
  clock.advance(60000);
  await settle();
  assert.equal(FakeWebSocket.instances.length, 1);
  assert.throws(() => client.send('x'), (e) => e.code === 'closed');
  assert.equal(states(log).at(-1), 'closed');
});

test('close() of an open connection closes the socket with the given code', async () => {
  const { client, log } = await connected();
  const socket = FakeWebSocket.last();
  client.close(1000, 'bye');
  assert.deepEqual(socket.closedWith, { code: 1000, reason: 'bye' });
  assert.deepEqual(log.filter(([type]) => type === 'close').at(-1)[1], { code: 1000, reason: 'bye', wasClean: true, willReconnect: false });
  socket.serverClose(1000);
  assert.equal(client.state, State.CLOSED);
});

test('close() while getToken() is pending opens no socket afterwards; connect() starts again', async () => {
  let release;
  const { client } = makeClient({ getToken: () => new Promise((resolve) => (release = resolve)) });
  client.connect();
  await settle();
  client.close();
  release('t');
  await settle();
  assert.equal(FakeWebSocket.instances.length, 0);
  assert.equal(client.state, State.CLOSED);
});

test('reconnectNow() skips the backoff wait', async () => {
  const { client } = await connected();
  FakeWebSocket.last().serverClose(1006);
  assert.equal(client.state, State.RECONNECTING);
  client.reconnectNow();
  await settle();
  assert.equal(FakeWebSocket.instances.length, 2);
  assert.deepEqual(clock.pendingDelays(), [10000], 'only the connect timeout is pending');
});

test('a throwing listener is reported as listener_failed and the client carries on', async () => {
  const setup = makeClient();
  setup.client.on('event', () => {
    throw new Error('ui bug');
  });
  await connected(setup);
  FakeWebSocket.last().serverSend({ type: 'event', payload: 1 });
  const failure = errors(setup.log)[0];
  assert.equal(failure.code, 'listener_failed');
  assert.match(failure.message, /"event" listener threw: ui bug/);
  assert.equal(setup.client.state, State.OPEN);
});

test('invalid options are refused with every problem named', () => {
  assert.throws(
    () => new SnokeWsClient({ url: 42, WebSocket: FakeWebSocket, queueLimit: 0, heartbeat: { intervalMs: -5 }, backoff: { factor: 0 } }),
    (e) =>
      e instanceof TypeError &&
      ['getToken must be a function', 'url must be a string', 'queueLimit must be', 'heartbeat.intervalMs', 'backoff.factor'].every((part) =>
        e.message.includes(part),
      ),
  );
  assert.throws(() => new SnokeWsClient(), /needs an options object/);
});

test('without a WebSocket implementation the error says how to pass one', () => {
  const saved = globalThis.WebSocket;
  try {
    delete globalThis.WebSocket;
    assert.throws(() => new SnokeWsClient({ url: 'ws://x/ws', getToken: async () => 't' }), /pass options.WebSocket/);
  } finally {
    if (saved !== undefined) {
      globalThis.WebSocket = saved;
    }
  }
});

test('no url anywhere is reported as bad_url', async () => {
  const { client, log } = makeClient({ options: { url: undefined } });
  client.connect();
  await settle();
  assert.equal(errors(log)[0].code, 'bad_url');
  assert.equal(FakeWebSocket.instances.length, 0);
});
