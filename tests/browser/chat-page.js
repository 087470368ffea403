// One person's chat window: what they can do (type, send, close) and what
// they can see (status badge, who is online, messages, notices), with bounded
// waits whose errors say what was expected and what the page showed instead.

const DEFAULT_WAIT_MS = 15000;

export class ChatPage {
  /**
   * Opens /demo/chat as `user` in a fresh browser context (its own cookies and storage).
   * `badToken`: the page arrives with a token whose signature the gateway refuses.
   */
  static async open(browser, appUrl, user, { badToken = false } = {}) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 720 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const chat = new ChatPage(user, context, page);
    if (badToken) {
      // Rewrites the page's chat-config before its deferred module script reads it.
      // (Rewriting the HTML with page.route would make Chromium treat the page as
      // public and block its WebSocket to loopback: Local Network Access checks.)
      await context.addInitScript(() => {
        const observer = new MutationObserver(() => {
          const node = document.getElementById('chat-config');
          let config;
          try {
            config = JSON.parse(node?.textContent ?? '');
          } catch {
            return; // not parsed completely yet
          }
          config.token = config.token.replace(/[^.]+$/, 'forged-signature');
          node.textContent = JSON.stringify(config);
          observer.disconnect();
        });
        observer.observe(document, { childList: true, subtree: true, characterData: true });
      });
    }
    const response = await page.goto(`${appUrl}/demo/chat?user_id=${encodeURIComponent(user)}`, { timeout: 30000 });
    if (response === null || response.status() !== 200) {
      throw new Error(`/demo/chat?user_id=${user} answered ${response?.status()}: ${await response?.text()}`);
    }
    return chat;
  }

  constructor(user, context, page) {
    this.user = user;
    this.context = context;
    this.page = page;
    /** Uncaught exceptions in the page. */
    this.pageErrors = [];
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    /** Paths of the page's fetch() calls, e.g. /api/demo/token. */
    this.fetched = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'fetch') {
        this.fetched.push(new URL(request.url()).pathname);
      }
    });
  }

  /** Everything a failure message needs: state badge, online list, last lines, errors. */
  async describe() {
    const seen = await this.page.evaluate(() => ({
      status: `${document.getElementById('status').dataset.state} "${document.getElementById('status').textContent}"`,
      online: [...document.querySelectorAll('#online li[data-user]')].map((li) => li.dataset.user),
      lines: [...document.querySelectorAll('#messages li:not(.empty)')].slice(-8).map((li) => li.innerText.replace(/\s+/g, ' ')),
      errors: [...document.querySelectorAll('#errors p')].map((p) => p.textContent),
    }));
    return `${this.user}: status ${seen.status}; online ${JSON.stringify(seen.online)}; errors ${JSON.stringify(seen.errors)}; ` +
      `uncaught ${JSON.stringify(this.pageErrors)}; last lines ${JSON.stringify(seen.lines)}`;
  }

  /** page.waitForFunction with a message naming `what` and the page's state on timeout. */
  async waitFor(what, fn, arg, timeout = DEFAULT_WAIT_MS) {
    try {
      await this.page.waitForFunction(fn, arg, { timeout, polling: 100 });
    } catch (error) {
      const state = await this.describe().catch((e) => `(page unreadable: ${e.message})`);
      throw new Error(`${this.user}'s page: timed out after ${timeout} ms waiting for ${what}\n  page shows: ${state}\n  cause: ${error.message.split('\n')[0]}`);
    }
  }

  async waitState(states, what, timeout) {
    await this.waitFor(what, (s) => s.includes(document.getElementById('status').dataset.state), states, timeout);
  }

  async waitConnected(timeout) {
    await this.waitFor(
      'the status badge to say Online',
      () => {
        const status = document.getElementById('status');
        return status.dataset.state === 'open' && status.textContent === 'Online';
      },
      undefined,
      timeout,
    );
  }

  /** Waits until the online list shows exactly `users` (subjects such as "user:bob"). */
  async waitOnline(users, timeout) {
    const expected = [...users].sort();
    await this.waitFor(
      `the online list to show exactly ${JSON.stringify(expected)}`,
      (want) => {
        const shown = [...document.querySelectorAll('#online li[data-user]')].map((li) => li.dataset.user).sort();
        return JSON.stringify(shown) === JSON.stringify(want) && document.getElementById('online-count').textContent === String(want.length);
      },
      expected,
      timeout,
    );
  }

  async onlineCount() {
    return this.page.textContent('#online-count');
  }

  /** Waits for a chat line by `author` as the page labels it ("You" for one's own). */
  async waitMessage(author, text, timeout) {
    await this.waitFor(
      `the message ${JSON.stringify(text)} from ${author}`,
      ([who, body]) =>
        [...document.querySelectorAll('#messages li.msg')].some(
          (li) => li.querySelector('.meta strong')?.textContent === who && li.querySelector('.body')?.textContent === body,
        ),
      [author, text],
      timeout,
    );
  }

  async waitNotice(text, timeout) {
    await this.waitFor(
      `the notice ${JSON.stringify(text)}`,
      (want) => [...document.querySelectorAll('#messages li.notice')].some((li) => li.textContent === want),
      text,
      timeout,
    );
  }

  async waitText(selector, text, timeout) {
    await this.waitFor(
      `${selector} to read ${JSON.stringify(text)}`,
      ([sel, want]) => {
        const node = document.querySelector(sel);
        return node !== null && !node.hidden && node.textContent === want;
      },
      [selector, text],
      timeout,
    );
  }

  async waitHidden(selector, timeout) {
    await this.waitFor(`${selector} to be hidden`, (sel) => document.querySelector(sel)?.hidden === true, selector, timeout);
  }

  /** Types a line into the composer and presses Enter, as a person would. */
  async say(text) {
    await this.page.fill('#text', text, { timeout: 5000 });
    await this.page.press('#text', 'Enter', { timeout: 5000 });
    await this.waitFor('the composer to be cleared after sending', () => document.getElementById('text').value === '', undefined, 5000);
  }

  async screenshot(path) {
    await this.page.screenshot({ path, fullPage: false, timeout: 10000 });
  }

  async close() {
    await this.context.close();
  }
}
