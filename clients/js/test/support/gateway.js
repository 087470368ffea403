// The real snoke-ws-gateway binary for the integration tests: started on a
// free loopback port with an HS256 secret, a webhook sink that records the
// events it posts, and helpers to sign tokens and push through /internal/publish.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** SNOKE_WS_GATEWAY_BIN, default target/debug/snoke-ws-gateway; fails (not skips) when missing. */
export function gatewayBinary() {
  const bin = process.env.SNOKE_WS_GATEWAY_BIN || resolve(repoRoot, 'target/debug/snoke-ws-gateway');
  if (!existsSync(bin)) {
    throw new Error(`gateway binary not found at ${bin}: run \`cargo build -p snoke-ws-gateway\` or set SNOKE_WS_GATEWAY_BIN`);
  }
  return bin;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createTcpServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const b64url = (data) => Buffer.from(data).toString('base64url');

/** An HS256 JWT for `userId`; `expiresIn` seconds from now (negative: already expired). */
export function signToken(secret, userId, expiresIn = 300) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = b64url(JSON.stringify({ user_id: userId, iat: now, exp: now + expiresIn }));
  const signature = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}

/** Polls `check` until it returns a truthy value or `ms` pass; the error names `what`. */
export async function eventually(check, what, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves with the arguments of the next `type` event of `client` that passes `predicate`. */
export function nextEvent(client, type, what, predicate = () => true, ms = 5000) {
  return new Promise((resolveEvent, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${ms} ms waiting for ${what} (client state: ${client.state})`));
    }, ms);
    const off = client.on(type, (...args) => {
      if (predicate(...args)) {
        clearTimeout(timer);
        off();
        resolveEvent(args);
      }
    });
  });
}

/** An HTTP server standing in for Symfony's webhook: records every event body. */
export async function startWebhookSink() {
  const events = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        events.push(JSON.parse(body));
      } catch {
        events.push({ unparseable: body });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/internal/ws/events`,
    events,
    /** The `message` of every message_received event so far, in arrival order. */
    messages: () => events.filter((e) => e.type === 'message_received').map((e) => e.message),
    close: () => new Promise((r) => server.close(r)),
  };
}

/**
 * A gateway process on a fixed port, restartable on the same port (as a
 * deployment restarts it behind the same address).
 */
export class GatewayProcess {
  constructor({ port, secret, apiKey, webhookUrl }) {
    this.port = port;
    this.secret = secret;
    this.apiKey = apiKey;
    this.webhookUrl = webhookUrl;
    this.httpUrl = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/ws`;
    this.child = null;
    this.log = '';
  }

  static async start(options = {}) {
    const gateway = new GatewayProcess({
      port: await freePort(),
      secret: randomBytes(24).toString('hex'),
      apiKey: randomBytes(12).toString('hex'),
      webhookUrl: '',
      ...options,
    });
    await gateway.start();
    return gateway;
  }

  async start() {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GATEWAY_LISTEN: `127.0.0.1:${this.port}`,
      JWT_ALG: 'HS256',
      JWT_PUBLIC_KEY: this.secret,
      GATEWAY_API_KEY: this.apiKey,
      SYMFONY_WEBHOOK_URL: this.webhookUrl,
      WEBHOOK_RETRY_BASE_SECONDS: '0.1',
      SHUTDOWN_TIMEOUT_SECONDS: '2',
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'info',
    };
    const child = spawn(gatewayBinary(), [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    // However this test process ends, the gateway does not outlive it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const collect = (chunk) => {
      this.log = (this.log + chunk.toString()).slice(-20000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    this.exited = exited;
    const healthy = eventually(async () => {
      try {
        return (await fetch(`${this.httpUrl}/health`)).ok;
      } catch {
        return false;
      }
    }, `the gateway's /health on port ${this.port}`, 15000);
    const outcome = await Promise.race([healthy.then(() => 'up'), exited.then((e) => e)]);
    if (outcome !== 'up') {
      throw new Error(`gateway exited during start (${JSON.stringify(outcome)}); log:\n${this.log}`);
    }
  }

  /** SIGTERM (the gateway closes clients with 1001), SIGKILL after 5 s. */
  async stop(signal = 'SIGTERM') {
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) {
      this.child = null;
      return;
    }
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(killer);
    this.child = null;
  }

  /** Sends a POSIX signal to the running gateway (e.g. SIGSTOP / SIGCONT). */
  signal(name) {
    this.child?.kill(name);
  }

  token(userId, expiresIn) {
    return signToken(this.secret, userId, expiresIn);
  }

  /** POST /internal/publish; returns the gateway's JSON answer. */
  async publish(subjects, payload) {
    const response = await fetch(`${this.httpUrl}/internal/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': this.apiKey },
      body: JSON.stringify({ subjects, payload }),
    });
    if (!response.ok) {
      throw new Error(`/internal/publish answered ${response.status}: ${await response.text()}`);
    }
    return response.json();
  }

  /** The user ids the gateway has live connections for. */
  async onlineUserIds() {
    const response = await fetch(`${this.httpUrl}/internal/connections`, { headers: { 'X-Api-Key': this.apiKey } });
    const body = await response.json();
    return body.connections.map((c) => c.user_id);
  }
}
