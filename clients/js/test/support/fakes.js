// Test doubles for the unit tests: a WebSocket class the test drives by hand,
// and a clock whose timers run only when the test advances time.

/** A WHATWG-shaped WebSocket; every instance is recorded in FakeWebSocket.instances. */
export class FakeWebSocket {
  static instances = [];

  static reset() {
    FakeWebSocket.instances = [];
  }

  /** The most recently constructed socket. */
  static last() {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  }

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closedWith = null;
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    FakeWebSocket.instances.push(this);
  }

  send(text) {
    if (this.readyState !== 1) {
      throw new Error(`send() on a socket in readyState ${this.readyState}`);
    }
    this.sent.push(text);
  }

  close(code, reason) {
    this.closedWith = { code, reason };
    this.readyState = 2;
  }

  /** The frames the client sent, parsed. */
  sentJson() {
    return this.sent.map((text) => JSON.parse(text));
  }

  // --- what the "server" does ---

  serverOpen() {
    this.readyState = 1;
    this.onopen?.({ type: 'open' });
  }

  serverSend(frame) {
    this.onmessage?.({ type: 'message', data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** Completes the handshake as the gateway does for a good token: open, then pong to the probe. */
  accept() {
    this.serverOpen();
    this.serverSend({ type: 'pong' });
  }

  serverClose(code, reason = '') {
    this.readyState = 3;
    this.onclose?.({ type: 'close', code, reason, wasClean: code !== 1006 });
  }
}

/** Timers that fire only inside advance(); now() is the fake time in ms. */
export class FakeClock {
  constructor() {
    this.time = 1_000_000;
    this.nextId = 1;
    this.pending = new Map();
  }

  timers() {
    return {
      setTimeout: (fn, ms) => {
        const id = this.nextId++;
        this.pending.set(id, { at: this.time + ms, fn });
        return id;
      },
      clearTimeout: (id) => {
        this.pending.delete(id);
      },
      now: () => this.time,
    };
  }

  /** Moves time forward by ms, firing due timers in order (including ones they schedule). */
  advance(ms) {
    const end = this.time + ms;
    for (;;) {
      let nextId = null;
      let next = null;
      for (const [id, timer] of this.pending) {
        if (timer.at <= end && (next === null || timer.at < next.at)) {
          nextId = id;
          next = timer;
        }
      }
      if (next === null) {
        break;
      }
      this.pending.delete(nextId);
      this.time = next.at;
      next.fn();
    }
    this.time = end;
  }

  /** Delays of the timers still pending, relative to now. */
  pendingDelays() {
    return [...this.pending.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }
}

/** Lets pending promise callbacks (e.g. an awaited getToken) run. */
export async function settle() {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
}
