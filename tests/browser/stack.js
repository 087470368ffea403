// The real processes the browser test drives: snoke-ws-gateway and the demo
// app under PHP's built-in server with the snoke_ws extension, in terminator
// mode, on free loopback ports, wired to each other. Nothing is mocked; a
// component that is missing or does not start fails the test with its log.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEMO_DIR = join(ROOT, 'symfony-demo');

/** Only these variables of the caller's environment reach the processes. */
const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'RUST_BACKTRACE'];

/** Every process group started here, killed on any exit of this process. */
const liveGroups = new Set();
function killAll() {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killAll);
// The children run in their own process groups, so Ctrl-C or a CI timeout
// reaches only this process: take them down with it.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => {
    killAll();
    process.exit(code);
  });
}

function configuredPath(name, fallback) {
  const value = process.env[name] || fallback;
  return isAbsolute(value) ? value : join(ROOT, value);
}

function baseEnv() {
  return Object.fromEntries(INHERITED_ENV.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

/** Distinct free ports, held open together so the kernel hands out different ones. */
async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      await new Promise((r, reject) => server.once('error', reject).listen(0, '127.0.0.1', r));
      servers.push(server);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A child in its own process group (php -S forks workers), output in a log file. */
class ManagedProcess {
  constructor(name, argv, { env, cwd, logPath }) {
    this.name = name;
    this.logPath = logPath;
    const fd = openSync(logPath, 'a');
    try {
      this.child = spawn(argv[0], argv.slice(1), { env, cwd, stdio: ['ignore', fd, fd], detached: true });
    } finally {
      closeSync(fd);
    }
    this.pid = this.child.pid;
    liveGroups.add(this.pid);
    this.exit = new Promise((r) => this.child.once('exit', (code, signal) => r({ code, signal })));
    this.exit.then(() => liveGroups.delete(this.pid));
  }

  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  logTail(chars = 6000) {
    try {
      const lines = readFileSync(this.logPath, 'utf8')
        .split('\n')
        // php -S logs every TCP accept/close; they would bury the errors.
        .filter((l) => !/\] 127\.0\.0\.1:\d+ (Accepted|Closing)$/.test(l));
      return lines.join('\n').slice(-chars);
    } catch (error) {
      return `(no log: ${error.message})`;
    }
  }

  /** Waits until `url` answers 200, failing with the log when the process dies or time runs out. */
  async waitHttpOk(url, seconds) {
    const deadline = Date.now() + seconds * 1000;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`${this.name} exited (${JSON.stringify(await this.exit)}) before ${url} answered\n--- ${this.name} log ---\n${this.logTail()}`);
      }
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) {
          return;
        }
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = error.message;
      }
      await sleep(100);
    }
    throw new Error(`${this.name}: ${url} not ready after ${seconds}s (${last})\n--- ${this.name} log ---\n${this.logTail()}`);
  }

  /** Signals the whole group; after SIGTERM, SIGKILL follows when it takes over 5 s. */
  async stop(signal = 'SIGTERM') {
    if (this.running) {
      try {
        process.kill(-this.pid, signal);
      } catch {
        // already gone
      }
      const killed = await Promise.race([this.exit.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) {
        try {
          process.kill(-this.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await this.exit;
      }
    }
    // Workers of php -S may outlive their parent for a moment.
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // the group is empty
    }
    liveGroups.delete(this.pid);
  }
}

/** The gateway + demo app pair. */
export class Stack {
  static async start({ logDir }) {
    const gatewayBin = configuredPath('SNOKE_WS_GATEWAY_BIN', 'target/debug/snoke-ws-gateway');
    const extension = configuredPath('SNOKE_WS_EXTENSION', 'target/debug/libsnoke_ws.so');
    const php = process.env.PHP_BINARY || 'php';
    for (const [path, what, hint] of [
      [gatewayBin, 'gateway binary', 'cargo build -p snoke-ws-gateway, or set SNOKE_WS_GATEWAY_BIN'],
      [extension, 'snoke_ws extension', 'cargo build -p snoke_ws, or set SNOKE_WS_EXTENSION'],
    ]) {
      if (!existsSync(path)) {
        throw new Error(`${what} not found at ${path}: ${hint}`);
      }
    }
    const probe = spawnSync(php, ['-d', `extension=${extension}`, '-r', "exit(extension_loaded('snoke_ws') ? 0 : 1);"], {
      encoding: 'utf8',
      timeout: 30000,
    });
    if (probe.status !== 0) {
      throw new Error(`PHP (${php}) cannot load the snoke_ws extension from ${extension}:\n${probe.stdout ?? ''}${probe.stderr ?? ''}${probe.error?.message ?? ''}`);
    }
    mkdirSync(logDir, { recursive: true });
    for (const name of ['gateway.log', 'demo-app.log']) {
      rmSync(join(logDir, name), { force: true });
    }
    const [gatewayPort, appPort] = await freePorts(2);
    const stack = new Stack({ gatewayBin, extension, php, gatewayPort, appPort, logDir });
    try {
      stack.warmUpApp();
      await stack.startGateway();
      await stack.startApp();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  constructor({ gatewayBin, extension, php, gatewayPort, appPort, logDir }) {
    this.gatewayBin = gatewayBin;
    this.phpArgv = [php, '-d', `extension=${extension}`, '-d', 'display_errors=stderr'];
    this.logDir = logDir;
    this.workDir = mkdtempSync(join(tmpdir(), 'snoke-ws-browser-'));
    this.gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    this.appUrl = `http://127.0.0.1:${appPort}`;
    this.wsUrl = `ws://127.0.0.1:${gatewayPort}/ws`;
    this.appPort = appPort;
    this.gatewayPort = gatewayPort;
    const jwtSecret = randomBytes(24).toString('hex');
    const apiKey = randomBytes(12).toString('hex');
    const webhookSecret = randomBytes(12).toString('hex');
    this.gatewayEnv = {
      ...baseEnv(),
      GATEWAY_LISTEN: `127.0.0.1:${gatewayPort}`,
      JWT_ALG: 'HS256',
      JWT_PUBLIC_KEY: jwtSecret,
      GATEWAY_API_KEY: apiKey,
      SYMFONY_WEBHOOK_URL: `${this.appUrl}/internal/ws/events`,
      SYMFONY_WEBHOOK_SECRET: webhookSecret,
      WEBHOOK_RETRY_BASE_SECONDS: '0.2',
      SHUTDOWN_TIMEOUT_SECONDS: '2',
      LOG_FORMAT: 'text',
      LOG_LEVEL: 'info',
    };
    this.appEnv = {
      ...baseEnv(),
      APP_ENV: 'prod',
      APP_DEBUG: '0',
      // A fresh cache per run: prod never notices that code changed.
      APP_VAR_DIR: join(this.workDir, 'app-var'),
      WS_MODE: 'terminator',
      WS_GATEWAY_BASE_URL: this.gatewayUrl,
      WS_GATEWAY_API_KEY: apiKey,
      SYMFONY_WEBHOOK_SECRET: webhookSecret,
      DEMO_JWT_ALG: 'HS256',
      DEMO_JWT_SECRET: jwtSecret,
      WS_PUBLIC_URL: this.wsUrl,
      PHP_CLI_SERVER_WORKERS: '4',
    };
    this.gateway = null;
    this.app = null;
    this.gatewayStarts = 0;
  }

  /** Compiles the container once, so a configuration error shows with its message. */
  warmUpApp() {
    const result = spawnSync(this.phpArgv[0], [...this.phpArgv.slice(1), 'bin/console', 'cache:warmup'], {
      cwd: DEMO_DIR,
      env: this.appEnv,
      encoding: 'utf8',
      timeout: 180000,
    });
    if (result.status !== 0) {
      throw new Error(`demo app cache:warmup failed:\n${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`);
    }
  }

  async startGateway() {
    this.gatewayStarts += 1;
    this.gateway = new ManagedProcess('gateway', [this.gatewayBin], {
      env: this.gatewayEnv,
      cwd: ROOT,
      logPath: join(this.logDir, 'gateway.log'),
    });
    await this.gateway.waitHttpOk(`${this.gatewayUrl}/health`, 20);
  }

  /** SIGKILL: the gateway dies without closing anything, as in a crash. */
  async killGateway() {
    await this.gateway?.stop('SIGKILL');
  }

  async startApp() {
    this.app = new ManagedProcess('demo-app', [...this.phpArgv, '-S', `127.0.0.1:${this.appPort}`, 'public/index.php'], {
      env: this.appEnv,
      cwd: DEMO_DIR,
      logPath: join(this.logDir, 'demo-app.log'),
    });
    await this.app.waitHttpOk(`${this.appUrl}/api/ping`, 60);
  }

  /** Live connections the gateway reports, as user ids. */
  async onlineUserIds() {
    const response = await fetch(`${this.gatewayUrl}/internal/connections`, {
      headers: { 'X-Api-Key': this.gatewayEnv.GATEWAY_API_KEY },
      signal: AbortSignal.timeout(5000),
    });
    return (await response.json()).connections.map((c) => c.user_id);
  }

  logs() {
    return [this.gateway, this.app]
      .filter(Boolean)
      .map((p) => `--- ${p.name} log (${p.logPath}) ---\n${p.logTail()}`)
      .join('\n');
  }

  /** The app first, so the gateway's shutdown webhooks fail fast instead of starting more work. */
  async stop() {
    await this.app?.stop();
    await this.gateway?.stop();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
