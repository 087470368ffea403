// The chat page's client: one WebSocket to the gateway, kept alive with
// heartbeats and re-opened with exponential backoff when it drops. A close with
// 4401 means the token was refused (e.g. expired): a fresh one is fetched first.
(function () {
    'use strict';

    const CLOSE_UNAUTHORIZED = 4401;
    const HEARTBEAT_MS = 20000;
    const BACKOFF_MIN_MS = 1000;
    const BACKOFF_MAX_MS = 30000;
    // A fresh token refused again means the server side is misconfigured:
    // retrying forever would only hammer it.
    const MAX_TOKEN_REFUSALS = 3;

    const config = JSON.parse(document.getElementById('chat-config').textContent);
    const me = 'user:' + config.userId;

    const el = {
        status: document.getElementById('status'),
        errors: document.getElementById('errors'),
        messages: document.getElementById('messages'),
        empty: document.getElementById('messages-empty'),
        online: document.getElementById('online'),
        onlineCount: document.getElementById('online-count'),
        composer: document.getElementById('composer'),
        text: document.getElementById('text'),
        send: document.getElementById('send'),
    };

    let token = config.token;
    let socket = null;
    let heartbeat = null;
    let reconnectTimer = null;
    let countdownTimer = null;
    let backoffMs = BACKOFF_MIN_MS;
    let tokenRefusals = 0;
    let needsFreshToken = false;

    function setStatus(kind, text) {
        el.status.className = 'status status-' + kind;
        el.status.textContent = text;
    }

    function showError(text) {
        // A retry loop reports the same failure again and again: show it once.
        if (Array.from(el.errors.children).some((p) => p.textContent === text)) {
            return;
        }
        const p = document.createElement('p');
        p.textContent = text;
        el.errors.appendChild(p);
        el.errors.hidden = false;
    }

    function clearErrors() {
        el.errors.replaceChildren();
        el.errors.hidden = true;
    }

    function setComposerEnabled(enabled) {
        el.text.disabled = !enabled;
        el.send.disabled = !enabled;
    }

    function renderOnline(users) {
        const sorted = Array.from(new Set(users)).sort((a, b) => a.localeCompare(b, undefined, {numeric: true}));
        el.online.replaceChildren();
        el.onlineCount.textContent = String(sorted.length);
        if (sorted.length === 0) {
            const li = document.createElement('li');
            li.className = 'empty';
            li.textContent = 'Nobody yet';
            el.online.appendChild(li);
            return;
        }
        for (const user of sorted) {
            const li = document.createElement('li');
            const dot = document.createElement('span');
            dot.className = 'dot';
            li.appendChild(dot);
            li.appendChild(document.createTextNode(user));
            if (user === me) {
                const you = document.createElement('span');
                you.className = 'you';
                you.textContent = 'you';
                li.appendChild(you);
            }
            el.online.appendChild(li);
        }
    }

    function appendLine(className, build) {
        el.empty.hidden = true;
        const atBottom = el.messages.scrollHeight - el.messages.scrollTop - el.messages.clientHeight < 40;
        const li = document.createElement('li');
        li.className = className;
        build(li);
        el.messages.appendChild(li);
        if (atBottom) {
            el.messages.scrollTop = el.messages.scrollHeight;
        }
    }

    function appendChat(payload) {
        appendLine(payload.user === me ? 'msg mine' : 'msg', (li) => {
            const meta = document.createElement('div');
            meta.className = 'meta';
            const who = document.createElement('strong');
            who.textContent = payload.user === me ? 'You' : String(payload.user || 'unknown');
            const when = document.createElement('time');
            const date = typeof payload.ts === 'number' ? new Date(payload.ts * 1000) : new Date();
            when.dateTime = date.toISOString();
            when.textContent = date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});
            meta.append(who, when);
            const body = document.createElement('div');
            body.className = 'body';
            body.textContent = String(payload.text || '');
            li.append(meta, body);
        });
    }

    function appendNotice(text) {
        appendLine('notice', (li) => { li.textContent = text; });
    }

    function handleFrame(frame) {
        if (frame.type === 'event' && frame.payload && typeof frame.payload === 'object') {
            const payload = frame.payload;
            if (payload.type === 'chat') {
                appendChat(payload);
            } else if (payload.type === 'presence' && Array.isArray(payload.users)) {
                renderOnline(payload.users);
            } else {
                appendNotice('Server push: ' + JSON.stringify(payload));
            }
        } else if (frame.type === 'rate_limited') {
            appendNotice('You are sending too fast; that message was dropped.');
        }
        // pong / heartbeat_ack only prove the link is alive.
    }

    function stopHeartbeat() {
        if (heartbeat !== null) {
            clearInterval(heartbeat);
            heartbeat = null;
        }
    }

    async function fetchToken() {
        const url = new URL(config.tokenUrl, window.location.href);
        url.searchParams.set('user_id', config.userId);
        const response = await fetch(url.toString(), {headers: {Accept: 'application/json'}, cache: 'no-store'});
        const body = await response.json().catch(() => ({}));
        if (!response.ok || typeof body.token !== 'string') {
            throw new Error(body.error || ('token endpoint answered HTTP ' + response.status));
        }
        return body.token;
    }

    function socketUrl() {
        const url = new URL(config.wsUrl, window.location.href);
        url.searchParams.set('token', token);
        return url.toString();
    }

    function scheduleReconnect() {
        clearTimeout(reconnectTimer);
        clearInterval(countdownTimer);
        const delay = Math.min(backoffMs, BACKOFF_MAX_MS) * (0.8 + Math.random() * 0.4);
        backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
        const due = Date.now() + delay;
        const tick = () => {
            const seconds = Math.max(0, Math.ceil((due - Date.now()) / 1000));
            setStatus('reconnecting', 'Reconnecting in ' + seconds + 's…');
        };
        tick();
        countdownTimer = setInterval(tick, 500);
        reconnectTimer = setTimeout(() => {
            clearInterval(countdownTimer);
            connect();
        }, delay);
    }

    async function connect() {
        clearTimeout(reconnectTimer);
        if (socket !== null && socket.readyState <= WebSocket.OPEN) {
            return;
        }
        setStatus('connecting', 'Connecting…');
        if (needsFreshToken) {
            try {
                token = await fetchToken();
                needsFreshToken = false;
            } catch (err) {
                showError('Cannot get a new token: ' + err.message);
                scheduleReconnect();
                return;
            }
        }
        let ws;
        try {
            ws = new WebSocket(socketUrl());
        } catch (err) {
            showError('Cannot open the WebSocket (' + config.wsUrl + '): ' + err.message);
            setStatus('offline', 'Offline');
            return;
        }
        socket = ws;

        ws.addEventListener('open', () => {
            backoffMs = BACKOFF_MIN_MS;
            clearErrors();
            setStatus('online', 'Connected');
            setComposerEnabled(true);
            stopHeartbeat();
            heartbeat = setInterval(() => {
                if (ws.readyState === WebSocket.OPEN) {
                    ws.send(JSON.stringify({type: 'heartbeat'}));
                }
            }, HEARTBEAT_MS);
        });

        ws.addEventListener('message', (event) => {
            let frame;
            try {
                frame = JSON.parse(event.data);
            } catch (err) {
                return;
            }
            if (frame !== null && typeof frame === 'object') {
                tokenRefusals = 0;
                handleFrame(frame);
            }
        });

        ws.addEventListener('close', (event) => {
            stopHeartbeat();
            setComposerEnabled(false);
            if (socket === ws) {
                socket = null;
            }
            if (event.code === CLOSE_UNAUTHORIZED) {
                tokenRefusals += 1;
                if (tokenRefusals > MAX_TOKEN_REFUSALS) {
                    setStatus('offline', 'Offline');
                    showError('The gateway keeps refusing our token (close code 4401). '
                        + 'Check that the gateway\'s JWT key matches the app\'s, then reload.');
                    return;
                }
                needsFreshToken = true;
            }
            scheduleReconnect();
        });
        // 'error' is always followed by 'close', which does the work.
    }

    el.composer.addEventListener('submit', (event) => {
        event.preventDefault();
        const text = el.text.value.trim();
        if (text === '' || socket === null || socket.readyState !== WebSocket.OPEN) {
            return;
        }
        socket.send(JSON.stringify({type: 'chat', text: text}));
        el.text.value = '';
        el.text.focus();
    });

    window.addEventListener('online', () => {
        if (socket === null) {
            backoffMs = BACKOFF_MIN_MS;
            connect();
        }
    });

    renderOnline(config.initialUsers || []);
    if (config.canConnect) {
        connect();
    } else {
        setStatus('offline', 'Not connected');
    }
})();
