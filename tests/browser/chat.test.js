// The demo chat page used as a person would: two people in two browser
// windows (Debian's Chromium, driven by playwright-core) against the real
// gateway and demo app. They see each other online, talk both ways, live
// through a gateway crash and restart without touching the page, and one
// leaving shows on the other's screen. Screenshots land in var/test-artifacts/.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { ChatPage } from './chat-page.js';
import { ROOT, Stack } from './stack.js';

const ARTIFACTS = process.env.SNOKE_WS_ARTIFACTS_DIR || join(ROOT, 'var/test-artifacts');
const CHROMIUM = process.env.SNOKE_WS_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let stack;
let browser;
let alice;
let bob;
/** Each step needs the ones before it; after a failure the rest are skipped, not failed again. */
let broken = null;

// A setup failure is reported once, by the first step, instead of by every test.
let setupError = null;

before(async () => {
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const name of readdirSync(ARTIFACTS).filter((n) => n.startsWith('failure-'))) {
      rmSync(join(ARTIFACTS, name));
    }
    stack = await Stack.start({ logDir: join(ARTIFACTS, 'browser-logs') });
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30000 });
    } catch (error) {
      // Playwright appends the whole launch command line and call log: keep the head.
      throw new Error(`cannot launch ${CHROMIUM}: ${error.message.split('\n').slice(0, 6).join('\n')}`);
    }
  } catch (error) {
    setupError = error;
  }
});

after(async () => {
  await browser?.close().catch(() => {});
  await stack?.stop();
});

/** GET with the path sent exactly as given. */
function rawGet(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** A test step that is skipped when an earlier one failed, and saves screenshots when it fails. */
function step(name, body) {
  test(name, async (t) => {
    if (setupError !== null) {
      const first = broken === null;
      broken = 'setup';
      if (first) {
        throw setupError;
      }
      t.skip('the stack or the browser did not start');
      return;
    }
    if (broken !== null) {
      t.skip(`needs "${broken}", which failed`);
      return;
    }
    try {
      await body();
    } catch (error) {
      broken = name;
      for (const page of [alice, bob].filter(Boolean)) {
        await page.screenshot(join(ARTIFACTS, `failure-${page.user}.png`)).catch(() => {});
      }
      const pages = await Promise.all([alice, bob].filter(Boolean).map((p) => p.describe().catch((e) => `${p.user}: ${e.message}`)));
      error.message += `\n--- pages ---\n${pages.join('\n')}\n${stack.logs()}`;
      throw error;
    }
  });
}

step('the chat page and its client module are served with the right types', async () => {
  const page = await fetch(`${stack.appUrl}/demo/chat?user_id=probe`);
  assert.equal(page.status, 200);
  for (const path of ['/assets/chat.js', '/assets/chat-view.js', '/assets/vendor/snoke-ws-client/index.js', '/assets/vendor/snoke-ws-client/client.js']) {
    const response = await fetch(`${stack.appUrl}${path}`);
    assert.equal(response.status, 200, `${path} answered ${response.status}`);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/, `${path} must be served as JavaScript for <script type="module">`);
  }
  // Raw request: fetch() would normalise the dots away before sending.
  const escape = await rawGet(stack.appPort, '/%2e%2e/%2e%2e/clients/js/src/index.js');
  assert.equal(escape.status, 404, `a path with .. must not reach files outside public/ (got ${escape.status})`);
});

step('alice and bob open the chat and each sees the other online', async () => {
  alice = await ChatPage.open(browser, stack.appUrl, 'alice');
  bob = await ChatPage.open(browser, stack.appUrl, 'bob');
  await alice.waitConnected();
  await bob.waitConnected();
  await alice.waitOnline(['user:alice', 'user:bob']);
  await bob.waitOnline(['user:alice', 'user:bob']);
  assert.equal(await alice.onlineCount(), '2');
  await alice.waitNotice('bob joined');
});

step('they exchange messages both ways', async () => {
  await alice.say('Hi Bob! Did the deploy go out?');
  await bob.waitMessage('alice', 'Hi Bob! Did the deploy go out?');
  await bob.say('Yes, 5 minutes ago — the gateway is on the new build.');
  await alice.waitMessage('bob', 'Yes, 5 minutes ago — the gateway is on the new build.');
  await alice.say('Great, thanks!');
  await bob.waitMessage('alice', 'Great, thanks!');
  await alice.waitMessage('You', 'Great, thanks!');
  await alice.screenshot(join(ARTIFACTS, 'chat-alice.png'));
  await bob.screenshot(join(ARTIFACTS, 'chat-bob.png'));
});

step('the gateway crashes: both pages say so, and a message typed meanwhile waits', async () => {
  await stack.killGateway();
  await alice.waitState(['reconnecting', 'connecting'], 'alice to notice the gateway is gone');
  await bob.waitState(['reconnecting', 'connecting'], 'bob to notice the gateway is gone');
  await alice.waitNotice('Connection lost — reconnecting…');
  await alice.waitText('#online-stale', 'last known');
  await alice.say('Is it just me or did it go down?');
  await alice.waitText('#pending', '1 message waiting to be sent');
  await alice.screenshot(join(ARTIFACTS, 'chat-alice-reconnecting.png'));
});

step('the gateway restarts and both pages reconnect by themselves, the waiting message goes out', async () => {
  await stack.startGateway();
  await alice.waitConnected(30000);
  await bob.waitConnected(30000);
  await alice.waitNotice('Reconnected');
  await alice.waitHidden('#pending');
  await alice.waitHidden('#online-stale');
  // Sent once alice was back; bob may still have been reconnecting, so only alice's copy is certain.
  await alice.waitMessage('You', 'Is it just me or did it go down?');
  await alice.waitOnline(['user:alice', 'user:bob']);
  await bob.waitOnline(['user:alice', 'user:bob']);
  assert.deepEqual((await stack.onlineUserIds()).sort(), ['alice', 'bob'], 'the new gateway has both pages connected');
});

step('after the restart they keep chatting', async () => {
  await bob.say('Back already. Restart took a second.');
  await alice.waitMessage('bob', 'Back already. Restart took a second.');
  await alice.say('Nice, nothing to do on our side.');
  await bob.waitMessage('alice', 'Nice, nothing to do on our side.');
  await alice.screenshot(join(ARTIFACTS, 'chat-alice-after-restart.png'));
});

step('bob closes his window and alice sees him leave', async () => {
  await bob.close();
  bob = null;
  await alice.waitOnline(['user:alice']);
  await alice.waitNotice('bob left');
  assert.equal(await alice.onlineCount(), '1');
  await alice.screenshot(join(ARTIFACTS, 'chat-alice-after-bob-left.png'));
});

step('a page whose token the gateway refuses (4401) fetches a fresh one and joins', async () => {
  const carol = await ChatPage.open(browser, stack.appUrl, 'carol', { badToken: true });
  try {
    await carol.waitConnected(20000);
    assert.ok(carol.fetched.includes('/api/demo/token'), `the page fetched a fresh token after the 4401 (fetched: ${JSON.stringify(carol.fetched)})`);
    assert.ok(!alice.fetched.includes('/api/demo/token'), 'a page whose token was accepted never needed another');
    await carol.waitOnline(['user:alice', 'user:carol']);
    await alice.waitNotice('carol joined');
    await carol.say('Hi, carol here.');
    await alice.waitMessage('carol', 'Hi, carol here.');
    assert.deepEqual(carol.pageErrors, [], "no uncaught errors in carol's page");
  } finally {
    await carol.close();
  }
  await alice.waitNotice('carol left');
  assert.deepEqual(alice.pageErrors, [], "no uncaught errors in alice's page");
  await alice.close();
  alice = null;
});
