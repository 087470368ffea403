// The chat page: @snoke/ws-client keeps the WebSocket to the gateway alive
// (backoff, fresh token after a 4401, heartbeats, queue while offline); this
// file turns its events into what the page shows.
import { SnokeWsClient } from './vendor/snoke-ws-client/index.js';
import { ChatView, displayName } from './chat-view.js';

const config = JSON.parse(document.getElementById('chat-config').textContent);
const me = `user:${config.userId}`;
const view = new ChatView(document, me);

/** The page came with a token; after a 4401 the client asks for a fresh one here. */
let inlineToken = config.token;
async function getToken() {
    if (inlineToken) {
        const token = inlineToken;
        inlineToken = '';
        return { token, url: config.wsUrl };
    }
    const url = new URL(config.tokenUrl, window.location.href);
    url.searchParams.set('user_id', config.userId);
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || typeof body.token !== 'string') {
        throw new Error(body.error || `the token endpoint answered HTTP ${response.status}`);
    }
    return { token: body.token, url: body.ws_url || config.wsUrl };
}

view.renderOnline(config.initialUsers || []);

if (!config.canConnect) {
    view.setUnavailable('Not connected');
} else {
    start();
}

function start() {
    const client = new SnokeWsClient({
        url: config.wsUrl,
        getToken,
        // Answered with heartbeat_ack; like ping, it refreshes this user's presence on the gateway.
        heartbeat: { intervalMs: 20000, timeoutMs: 10000, message: { type: 'heartbeat' } },
        backoff: { initialMs: 500, maxMs: 15000 },
        queueLimit: 50,
    });

    let countdown = null;
    let everOpen = false;
    let outage = false;

    client.on('state', (state, detail) => {
        clearInterval(countdown);
        if (state === 'connecting') {
            view.setStatus('connecting', everOpen ? 'Reconnecting…' : 'Connecting…');
        } else if (state === 'open') {
            view.setStatus('open', 'Online');
        } else if (state === 'reconnecting') {
            const tick = () => {
                const seconds = Math.max(0, Math.ceil((detail.retryAt - Date.now()) / 1000));
                view.setStatus('reconnecting', seconds > 0 ? `Reconnecting in ${seconds}s` : 'Reconnecting…');
            };
            tick();
            countdown = setInterval(tick, 250);
        } else if (state === 'closed') {
            view.setStatus('offline', 'Offline');
            view.setComposerEnabled(false);
        }
    });

    client.on('open', ({ reconnect }) => {
        everOpen = true;
        outage = false;
        view.setOnlineStale(false);
        view.clearErrors('connection');
        view.setComposerEnabled(true);
        if (reconnect) {
            view.appendNotice('Reconnected', 'ok');
        }
    });

    client.on('close', ({ code, willReconnect }) => {
        // Said once per outage, not once per failed retry.
        if (!everOpen || !willReconnect || outage) {
            return;
        }
        outage = true;
        view.setOnlineStale(true);
        view.appendNotice(code === 1001 ? 'The server is restarting — reconnecting…' : 'Connection lost — reconnecting…', 'warn');
    });

    client.on('event', (payload) => {
        if (payload !== null && typeof payload === 'object' && payload.type === 'chat') {
            view.appendChat(payload);
        } else if (payload !== null && typeof payload === 'object' && payload.type === 'presence') {
            // handled by the 'presence' listener
        } else {
            view.appendNotice(`Server push: ${JSON.stringify(payload)}`);
        }
    });

    client.on('presence', ({ users }) => {
        if (!Array.isArray(users)) {
            return;
        }
        const { joined, left } = view.renderOnline(users);
        for (const user of joined.filter((u) => u !== me)) {
            view.appendNotice(`${displayName(user)} joined`);
        }
        for (const user of left.filter((u) => u !== me)) {
            view.appendNotice(`${displayName(user)} left`);
        }
    });

    client.on('rate_limited', () => view.appendNotice('You are sending too fast; that message was dropped.', 'warn'));
    client.on('queue', ({ size }) => view.setPending(size));

    client.on('error', (error) => {
        switch (error.code) {
            case 'token_failed':
            case 'bad_token':
                view.showError(`Cannot get a new token: ${error.message}`, 'connection');
                break;
            case 'unauthorized':
                view.showError(
                    "The gateway keeps refusing this page's token (close code 4401). " +
                        "Check that the gateway's JWT key matches the app's, then reload.",
                );
                break;
            case 'bad_url':
            case 'socket_failed':
                view.showError(`Cannot open the WebSocket (${config.wsUrl}): ${error.message}`, 'connection');
                break;
            default:
                view.showError(error.message);
        }
    });

    view.el.composer.addEventListener('submit', (event) => {
        event.preventDefault();
        const text = view.el.text.value.trim();
        if (text === '') {
            return;
        }
        try {
            client.send({ type: 'chat', text });
            view.el.text.value = '';
        } catch (error) {
            view.showError(error.code === 'queue_full' ? 'Too many messages are waiting for the connection; try again once online.' : error.message);
        }
        view.el.text.focus();
    });

    view.el.retry.addEventListener('click', () => client.reconnectNow());
    window.addEventListener('online', () => client.reconnectNow());
    window.addEventListener('pagehide', () => client.close(1000, 'page closed'));
    // Back from the back/forward cache: the socket was closed on pagehide.
    window.addEventListener('pageshow', (event) => {
        if (event.persisted) {
            client.connect();
        }
    });

    // For tests and curious developers: the live client.
    window.snokeChat = client;
    client.connect();
}
