import { backoffDelay, normalizeBackoff } from './backoff.js';
import { Emitter } from './emitter.js';
import { SnokeWsError } from './errors.js';

/** Close codes the gateway uses (its README, "Close codes"), plus the client's own. */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  /** The gateway is shutting down (SIGTERM): reconnect, another instance or the restarted one will answer. */
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  /** No close frame at all: the TCP connection died or was never made. */
  ABNORMAL: 1006,
  MESSAGE_TOO_BIG: 1009,
  /** The gateway's send queue for this client overflowed. */
  TRY_AGAIN_LATER: 1013,
  /** The client gave up on a socket itself: no sign of life within `heartbeat.timeoutMs` or `connectTimeoutMs`. */
  CLIENT_TIMEOUT: 4000,
  /** Missing, bad or expired token: fetch a fresh one before reconnecting. */
  UNAUTHORIZED: 4401,
});

/** The states the client moves through; each change is an `'state'` event. */
export const State = Object.freeze({
  IDLE: 'idle',
  CONNECTING: 'connecting',
  OPEN: 'open',
  RECONNECTING: 'reconnecting',
  CLOSED: 'closed',
});

const READY_STATE_OPEN = 1;

const DEFAULT_HEARTBEAT = Object.freeze({ intervalMs: 20000, timeoutMs: 10000, message: { type: 'ping' } });

const DEFAULTS = Object.freeze({
  connectTimeoutMs: 10000,
  queueLimit: 100,
  maxAuthFailures: 5,
  tokenParam: 'token',
});

/**
 * A WebSocket client for snoke-ws-gateway that keeps itself connected.
 *
 * - The token comes from `getToken()`: at the first connect and again after the
 *   gateway refused one (close 4401); otherwise a reconnect reuses it.
 * - The connection counts as open once the gateway has answered a frame (the
 *   gateway completes the upgrade before checking the token, so a socket's own
 *   `open` proves nothing): the client sends a heartbeat at once and waits.
 * - Lost connections are retried with exponential backoff and full jitter.
 * - A heartbeat every `heartbeat.intervalMs`; no frame within
 *   `heartbeat.timeoutMs` after it means a dead socket: it is dropped and
 *   replaced, instead of waiting minutes for TCP to notice.
 * - `send()` while not open queues (up to `queueLimit`), flushed in order on open.
 */
export class SnokeWsClient {
  /**
   * @param {object} options
   * @param {() => Promise<string | {token: string, url?: string}>} options.getToken
   * @param {string} [options.url] `ws(s)://host/ws`; a `url` returned by `getToken()` wins
   * @param {Function} [options.WebSocket] a WHATWG-style WebSocket class (default `globalThis.WebSocket`)
   * @param {{intervalMs?: number, timeoutMs?: number, message?: object} | false} [options.heartbeat]
   * @param {{initialMs?: number, maxMs?: number, factor?: number, jitter?: boolean}} [options.backoff]
   * @param {number} [options.queueLimit] messages kept while offline (default 100)
   * @param {number} [options.connectTimeoutMs] socket open + first answer (default 10000)
   * @param {number} [options.maxAuthFailures] consecutive 4401 closes before giving up (default 5; Infinity: never)
   * @param {string} [options.tokenParam] query parameter carrying the token (default `token`)
   * @param {{setTimeout: Function, clearTimeout: Function, now: () => number}} [options.timers] for tests
   * @param {() => number} [options.random] numbers in [0, 1) for the jitter, for tests
   */
  constructor(options) {
    const o = checkOptions(options);
    this._options = o;
    this._WebSocket = o.WebSocket;
    this._timers = o.timers;
    this._random = o.random;
    this._events = new Emitter((error, type) => this._listenerFailed(error, type));

    this._state = State.IDLE;
    /** @type {any} the live socket, or null */
    this._socket = null;
    /** Bumped by every attempt and by close(), so late callbacks of an older one are ignored. */
    this._generation = 0;
    this._token = null;
    this._tokenUrl = null;
    this._needToken = true;
    this._attempt = 0;
    this._authFailures = 0;
    this._everOpened = false;
    /** @type {string[]} */
    this._queue = [];
    this._reconnectTimer = null;
    this._connectTimer = null;
    this._heartbeatTimer = null;
    this._deadlineTimer = null;
  }

  /** The current state: `idle`, `connecting`, `open`, `reconnecting` or `closed`. */
  get state() {
    return this._state;
  }

  /** Messages waiting in the send queue. */
  get queueSize() {
    return this._queue.length;
  }

  /**
   * Adds a listener; returns a function that removes it. Events:
   * `state` (state, detail), `open` ({reconnect}), `close` ({code, reason, wasClean, willReconnect}),
   * `message` (every frame, parsed), `event` (payload of a server push), `presence` (a pushed
   * `{"type":"presence",...}` payload), `rate_limited`, `queue` ({size}), `error` (SnokeWsError).
   * @param {string} type
   * @param {Function} listener
   */
  on(type, listener) {
    return this._events.on(type, listener);
  }

  /** Removes a listener. */
  off(type, listener) {
    this._events.off(type, listener);
  }

  /** Adds a listener for the next event of `type` only; returns a function that removes it. */
  once(type, listener) {
    return this._events.once(type, listener);
  }

  /**
   * Starts connecting (and keeping connected). Does nothing while already
   * connecting, open or waiting to reconnect. Returns the client.
   */
  connect() {
    if (this._state === State.IDLE || this._state === State.CLOSED) {
      this._attempt = 0;
      this._authFailures = 0;
      this._everOpened = false;
      void this._openAttempt();
    }
    return this;
  }

  /**
   * Skips the backoff wait and tries now (e.g. when the browser says it is
   * online again, or the user clicks "retry"). Starts the client when idle or closed.
   */
  reconnectNow() {
    if (this._state === State.RECONNECTING) {
      this._clearTimer('_reconnectTimer');
      void this._openAttempt();
    } else {
      this.connect();
    }
    return this;
  }

  /**
   * Sends a message: a string as it is, anything else as JSON. While not open
   * it is queued and sent in order once the connection is (re)established.
   * @param {unknown} message
   * @returns {'sent' | 'queued'}
   * @throws {SnokeWsError} `closed` after close(); `queue_full` when the queue holds `queueLimit` messages
   * @throws {TypeError} when the message cannot be serialised as JSON
   */
  send(message) {
    if (this._state === State.CLOSED) {
      throw new SnokeWsError('closed', 'cannot send: the client was closed; call connect() first');
    }
    const text = serialize(message);
    if (this._state === State.OPEN && this._socket !== null && this._socket.readyState === READY_STATE_OPEN) {
      this._socket.send(text);
      return 'sent';
    }
    if (this._queue.length >= this._options.queueLimit) {
      throw new SnokeWsError(
        'queue_full',
        `cannot send: ${this._queue.length} messages already wait for the connection (queueLimit ${this._options.queueLimit})`,
      );
    }
    this._queue.push(text);
    this._events.emit('queue', { size: this._queue.length });
    return 'queued';
  }

  /**
   * Closes the connection and stops reconnecting; queued messages are dropped.
   * `connect()` starts again.
   * @param {number} [code] 1000 or 3000–4999
   * @param {string} [reason]
   */
  close(code = CloseCode.NORMAL, reason = 'client closed') {
    if (this._state === State.CLOSED) {
      return;
    }
    this._generation += 1;
    this._clearAllTimers();
    const socket = this._socket;
    this._socket = null;
    if (socket !== null) {
      detach(socket);
      safeClose(socket, code, reason);
    }
    const hadQueue = this._queue.length > 0;
    this._queue = [];
    if (hadQueue) {
      this._events.emit('queue', { size: 0 });
    }
    if (socket !== null) {
      this._events.emit('close', { code, reason, wasClean: true, willReconnect: false });
    }
    this._setState(State.CLOSED, { reason: 'closed by the application' });
  }

  // --- one connection attempt -------------------------------------------

  async _openAttempt() {
    const generation = ++this._generation;
    this._setState(State.CONNECTING, { attempt: this._attempt });

    if (this._needToken) {
      let result;
      try {
        result = await this._options.getToken();
      } catch (error) {
        if (generation !== this._generation) {
          return;
        }
        const text = error instanceof Error ? error.message : String(error);
        this._fail(new SnokeWsError('token_failed', `getToken() failed: ${text}`, error));
        return;
      }
      if (generation !== this._generation) {
        return;
      }
      const token = readToken(result);
      if (token.error !== null) {
        this._fail(new SnokeWsError('bad_token', token.error));
        return;
      }
      this._token = token.token;
      this._tokenUrl = token.url;
      this._needToken = false;
    }

    let href;
    try {
      href = withToken(this._tokenUrl ?? this._options.url, this._options.tokenParam, this._token);
    } catch (error) {
      this._fail(error instanceof SnokeWsError ? error : new SnokeWsError('bad_url', String(error)));
      return;
    }

    let socket;
    try {
      socket = new this._WebSocket(href);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this._fail(new SnokeWsError('socket_failed', `cannot open a WebSocket: ${text}`, error));
      return;
    }
    this._socket = socket;
    this._connectTimer = this._timers.setTimeout(
      () => this._abandon(socket, 'no answer within connectTimeoutMs'),
      this._options.connectTimeoutMs,
    );
    socket.onopen = () => this._onSocketOpen(socket);
    socket.onmessage = (event) => this._onSocketMessage(socket, event);
    socket.onclose = (event) => this._onSocketClose(socket, event);
    // An 'error' is always followed by a 'close', which does the work.
    socket.onerror = () => {};
  }

  _onSocketOpen(socket) {
    if (socket !== this._socket) {
      return;
    }
    // Proves the token: the gateway answers frames only on authenticated connections.
    socket.send(JSON.stringify(this._options.heartbeat.message));
  }

  _onSocketMessage(socket, event) {
    if (socket !== this._socket) {
      return;
    }
    if (this._state === State.CONNECTING) {
      this._established(socket);
    }
    this._clearTimer('_deadlineTimer');
    const data = typeof event.data === 'string' ? event.data : String(event.data);
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (error) {
      this._events.emit('error', new SnokeWsError('bad_frame', `the gateway sent a frame that is not JSON: ${data.slice(0, 80)}`, error));
      return;
    }
    this._events.emit('message', frame);
    if (frame === null || typeof frame !== 'object') {
      return;
    }
    if (frame.type === 'event') {
      this._events.emit('event', frame.payload);
      if (frame.payload !== null && typeof frame.payload === 'object' && frame.payload.type === 'presence') {
        this._events.emit('presence', frame.payload);
      }
    } else if (frame.type === 'rate_limited') {
      this._events.emit('rate_limited', frame);
    }
  }

  _established(socket) {
    this._clearTimer('_connectTimer');
    const reconnect = this._everOpened;
    this._everOpened = true;
    this._attempt = 0;
    this._authFailures = 0;
    this._setState(State.OPEN, { reconnect });
    this._events.emit('open', { reconnect });
    this._flush(socket);
    this._scheduleHeartbeat(socket);
  }

  _onSocketClose(socket, event) {
    if (socket !== this._socket) {
      return;
    }
    this._lost(socket, {
      code: typeof event.code === 'number' ? event.code : CloseCode.ABNORMAL,
      reason: typeof event.reason === 'string' ? event.reason : '',
      wasClean: event.wasClean === true,
    });
  }

  /** Gives up on a socket that shows no sign of life. */
  _abandon(socket, reason) {
    if (socket !== this._socket) {
      return;
    }
    detach(socket);
    safeClose(socket, CloseCode.CLIENT_TIMEOUT, reason);
    this._lost(socket, { code: CloseCode.CLIENT_TIMEOUT, reason, wasClean: false });
  }

  _lost(socket, close) {
    detach(socket);
    this._socket = null;
    this._clearTimer('_connectTimer');
    this._clearTimer('_heartbeatTimer');
    this._clearTimer('_deadlineTimer');
    let giveUp = false;
    if (close.code === CloseCode.UNAUTHORIZED) {
      this._needToken = true;
      this._authFailures += 1;
      giveUp = this._authFailures >= this._options.maxAuthFailures;
    }
    this._events.emit('close', { ...close, willReconnect: !giveUp });
    if (this._socket !== null || this._state === State.CLOSED) {
      return; // a 'close' listener called connect()/reconnectNow() or close()
    }
    if (giveUp) {
      this._events.emit(
        'error',
        new SnokeWsError(
          'unauthorized',
          `the gateway refused ${this._authFailures} tokens in a row (close 4401); check that its JWT key matches the issuer's`,
        ),
      );
      this._setState(State.CLOSED, { reason: 'unauthorized' });
      return;
    }
    this._scheduleReconnect();
  }

  /** Reports a failed attempt and retries after the backoff. */
  _fail(error) {
    this._events.emit('error', error);
    if (this._state === State.CONNECTING) {
      this._scheduleReconnect();
    }
  }

  _scheduleReconnect() {
    const delayMs = backoffDelay(this._attempt, this._options.backoff, this._random);
    this._attempt += 1;
    const retryAt = this._timers.now() + delayMs;
    this._setState(State.RECONNECTING, { delayMs, retryAt, attempt: this._attempt });
    this._reconnectTimer = this._timers.setTimeout(() => {
      this._reconnectTimer = null;
      void this._openAttempt();
    }, delayMs);
  }

  _flush(socket) {
    if (this._queue.length === 0) {
      return;
    }
    while (this._queue.length > 0 && socket === this._socket && socket.readyState === READY_STATE_OPEN) {
      socket.send(this._queue.shift());
    }
    this._events.emit('queue', { size: this._queue.length });
  }

  _scheduleHeartbeat(socket) {
    const { heartbeat } = this._options;
    if (heartbeat.intervalMs <= 0) {
      return;
    }
    this._heartbeatTimer = this._timers.setTimeout(() => {
      this._heartbeatTimer = null;
      if (socket !== this._socket || socket.readyState !== READY_STATE_OPEN) {
        return;
      }
      socket.send(JSON.stringify(heartbeat.message));
      if (this._deadlineTimer === null) {
        this._deadlineTimer = this._timers.setTimeout(
          () => this._abandon(socket, 'no answer to the heartbeat within heartbeat.timeoutMs'),
          heartbeat.timeoutMs,
        );
      }
      this._scheduleHeartbeat(socket);
    }, heartbeat.intervalMs);
  }

  // --- small helpers -----------------------------------------------------

  _setState(state, detail) {
    if (this._state === state && state !== State.RECONNECTING) {
      return;
    }
    this._state = state;
    this._events.emit('state', state, detail);
  }

  _clearTimer(name) {
    if (this[name] !== null) {
      this._timers.clearTimeout(this[name]);
      this[name] = null;
    }
  }

  _clearAllTimers() {
    for (const name of ['_reconnectTimer', '_connectTimer', '_heartbeatTimer', '_deadlineTimer']) {
      this._clearTimer(name);
    }
  }

  _listenerFailed(error, type) {
    if (type === 'error') {
      // Reporting it as another 'error' could loop; the console is the last resort.
      globalThis.console?.error?.('snoke-ws: an error listener threw', error);
      return;
    }
    const text = error instanceof Error ? error.message : String(error);
    this._events.emit('error', new SnokeWsError('listener_failed', `a "${type}" listener threw: ${text}`, error));
  }
}

/** Checks the constructor's options, naming every problem at once. */
function checkOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('SnokeWsClient needs an options object: new SnokeWsClient({ url, getToken })');
  }
  const problems = [];
  if (typeof options.getToken !== 'function') {
    problems.push('getToken must be a function returning a token (or {token, url}) or a promise of one');
  }
  if (options.url !== undefined && typeof options.url !== 'string') {
    problems.push(`url must be a string, got ${typeof options.url}`);
  }
  const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
  if (typeof WebSocketImpl !== 'function') {
    problems.push('no WebSocket implementation: pass options.WebSocket (e.g. the "ws" package in Node < 22)');
  }
  const numbers = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS).filter((k) => k !== 'tokenParam')) {
    if (options[key] === undefined) {
      continue;
    }
    const value = options[key];
    const ok = key === 'maxAuthFailures' ? value === Infinity || (Number.isInteger(value) && value >= 1) : Number.isInteger(value) && value >= 1;
    if (ok) {
      numbers[key] = value;
    } else {
      problems.push(`${key} must be a whole number >= 1${key === 'maxAuthFailures' ? ' or Infinity' : ''}, got ${String(value)}`);
    }
  }
  if (options.tokenParam !== undefined && (typeof options.tokenParam !== 'string' || options.tokenParam === '')) {
    problems.push('tokenParam must be a non-empty string');
  }
  let heartbeat = DEFAULT_HEARTBEAT;
  if (options.heartbeat === false) {
    heartbeat = { ...DEFAULT_HEARTBEAT, intervalMs: 0 };
  } else if (options.heartbeat !== undefined) {
    heartbeat = { ...DEFAULT_HEARTBEAT, ...options.heartbeat };
    for (const key of ['intervalMs', 'timeoutMs']) {
      if (!Number.isInteger(heartbeat[key]) || heartbeat[key] < 1) {
        problems.push(`heartbeat.${key} must be a whole number >= 1, got ${String(heartbeat[key])}`);
      }
    }
    if (heartbeat.message === null || typeof heartbeat.message !== 'object') {
      problems.push('heartbeat.message must be an object such as {"type":"ping"}');
    }
  }
  let backoff = null;
  try {
    backoff = normalizeBackoff(options.backoff);
  } catch (error) {
    problems.push(error.message);
  }
  const timers = options.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (id) => globalThis.clearTimeout(id),
    now: () => Date.now(),
  };
  if (typeof timers.setTimeout !== 'function' || typeof timers.clearTimeout !== 'function' || typeof timers.now !== 'function') {
    problems.push('timers must have setTimeout, clearTimeout and now functions');
  }
  if (options.random !== undefined && typeof options.random !== 'function') {
    problems.push('random must be a function returning numbers in [0, 1)');
  }
  if (problems.length > 0) {
    throw new TypeError(`invalid SnokeWsClient options: ${problems.join('; ')}`);
  }
  return Object.freeze({
    ...numbers,
    tokenParam: options.tokenParam ?? DEFAULTS.tokenParam,
    getToken: options.getToken,
    url: options.url,
    WebSocket: WebSocketImpl,
    heartbeat: Object.freeze(heartbeat),
    backoff,
    timers,
    random: options.random ?? Math.random,
  });
}

/** `getToken()`'s answer as {token, url, error}. */
function readToken(result) {
  if (typeof result === 'string') {
    return result === '' ? { error: 'getToken() returned an empty string' } : { token: result, url: null, error: null };
  }
  if (result !== null && typeof result === 'object' && typeof result.token === 'string' && result.token !== '') {
    if (result.url !== undefined && result.url !== null && typeof result.url !== 'string') {
      return { error: `getToken() returned a url that is not a string (${typeof result.url})` };
    }
    return { token: result.token, url: result.url ?? null, error: null };
  }
  const shown = result === null ? 'null' : typeof result === 'object' ? `an object with keys [${Object.keys(result).join(', ')}]` : typeof result;
  return { error: `getToken() must return a non-empty token string or {token, url}, got ${shown}` };
}

/** The socket URL with the token as a query parameter (the gateway also accepts `access_token`). */
function withToken(url, param, token) {
  if (typeof url !== 'string' || url === '') {
    throw new SnokeWsError('bad_url', 'no WebSocket URL: pass options.url or return {token, url} from getToken()');
  }
  let parsed;
  try {
    parsed = new URL(url, globalThis.location?.href);
  } catch (error) {
    throw new SnokeWsError('bad_url', `not a valid WebSocket URL: ${url}`, error);
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    parsed.protocol = parsed.protocol === 'https:' ? 'wss:' : 'ws:';
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new SnokeWsError('bad_url', `a WebSocket URL must start with ws:// or wss://, got ${url}`);
  }
  parsed.searchParams.set(param, token);
  return parsed.toString();
}

function serialize(message) {
  if (typeof message === 'string') {
    return message;
  }
  let text;
  try {
    text = JSON.stringify(message);
  } catch (error) {
    throw new TypeError(`cannot send: the message is not serialisable as JSON (${error.message})`);
  }
  if (text === undefined) {
    throw new TypeError(`cannot send: ${typeof message} has no JSON form`);
  }
  return text;
}

function detach(socket) {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = () => {};
}

function safeClose(socket, code, reason) {
  try {
    socket.close(code, reason);
  } catch {
    // Already closing, or a code the implementation refuses: the socket is discarded either way.
  }
}
