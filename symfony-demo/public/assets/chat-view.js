// What the chat page shows: the connection badge, errors, the conversation and
// who is online. Only DOM here; chat.js decides when.

const USER_PREFIX = 'user:';

/** "user:alice" → "alice". */
export function displayName(subject) {
    const text = String(subject ?? '');
    return text.startsWith(USER_PREFIX) ? text.slice(USER_PREFIX.length) : text;
}

/** A stable colour per name, so people are recognisable at a glance. */
function hue(name) {
    let h = 0;
    for (const ch of name) {
        h = (h * 31 + ch.codePointAt(0)) % 360;
    }
    return h;
}

/** Fills an avatar element with the name's initial and colour. */
export function paintAvatar(node, name) {
    node.textContent = (name.match(/[\p{L}\p{N}]/u)?.[0] ?? '?').toUpperCase();
    node.style.setProperty('--avatar-hue', String(hue(name)));
    node.title = name;
}

export class ChatView {
    constructor(document, me) {
        this.me = me;
        this.doc = document;
        const byId = (id) => document.getElementById(id);
        this.el = {
            status: byId('status'),
            retry: byId('retry'),
            errors: byId('errors'),
            messages: byId('messages'),
            empty: byId('messages-empty'),
            online: byId('online'),
            onlineCount: byId('online-count'),
            composer: byId('composer'),
            text: byId('text'),
            send: byId('send'),
            pending: byId('pending'),
            onlinePanel: document.querySelector('.online'),
            onlineStale: byId('online-stale'),
        };
        for (const node of document.querySelectorAll('.avatar[data-name]')) {
            paintAvatar(node, node.dataset.name);
        }
        this.online = new Set();
    }

    /** The badge: `state` is connecting | open | reconnecting | offline. */
    setStatus(state, text) {
        this.el.status.dataset.state = state;
        this.el.status.textContent = text;
        this.el.retry.hidden = state !== 'reconnecting' && state !== 'offline';
        this.el.text.placeholder = state === 'open' ? 'Write a message…' : 'Offline — messages are sent when the connection is back';
    }

    /** The page has nothing to connect with (bad user id, no token): say so, offer nothing to retry. */
    setUnavailable(text) {
        this.setStatus('offline', text);
        this.el.retry.hidden = true;
        this.el.text.placeholder = 'Chat is unavailable — see the message above';
        this.setComposerEnabled(false);
    }

    /** Shows an error once, however often a retry loop reports it. */
    showError(text, kind = 'general') {
        if ([...this.el.errors.children].some((p) => p.textContent === text)) {
            return;
        }
        const p = this.doc.createElement('p');
        p.textContent = text;
        p.dataset.kind = kind;
        this.el.errors.appendChild(p);
        this.el.errors.hidden = false;
    }

    /** Removes the errors of one kind (e.g. connection errors once connected again). */
    clearErrors(kind) {
        for (const p of [...this.el.errors.children]) {
            if (p.dataset.kind === kind) {
                p.remove();
            }
        }
        this.el.errors.hidden = this.el.errors.children.length === 0;
    }

    setComposerEnabled(enabled) {
        this.el.text.disabled = !enabled;
        this.el.send.disabled = !enabled;
    }

    setPending(count) {
        this.el.pending.hidden = count === 0;
        this.el.pending.textContent = count === 1 ? '1 message waiting to be sent' : `${count} messages waiting to be sent`;
    }

    /** While disconnected the list is only what was last known: say so. */
    setOnlineStale(stale) {
        this.el.onlinePanel.toggleAttribute('data-stale', stale);
        this.el.onlineStale.hidden = !stale;
    }

    /** Renders the online list; returns who joined and who left since the last call. */
    renderOnline(users) {
        const next = new Set(users);
        const sorted = [...next].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
        const joined = sorted.filter((u) => !this.online.has(u));
        const left = [...this.online].filter((u) => !next.has(u));
        this.online = next;

        this.el.onlineCount.textContent = String(sorted.length);
        this.el.online.replaceChildren();
        if (sorted.length === 0) {
            const li = this.doc.createElement('li');
            li.className = 'empty';
            li.textContent = 'Nobody is online yet';
            this.el.online.appendChild(li);
        }
        for (const user of sorted) {
            const li = this.doc.createElement('li');
            li.dataset.user = user;
            const avatar = this.doc.createElement('span');
            avatar.className = 'avatar';
            paintAvatar(avatar, displayName(user));
            const name = this.doc.createElement('span');
            name.className = 'name';
            name.textContent = displayName(user);
            li.append(avatar, name);
            if (user === this.me) {
                const you = this.doc.createElement('span');
                you.className = 'you';
                you.textContent = 'you';
                li.appendChild(you);
            }
            this.el.online.appendChild(li);
        }
        return { joined, left };
    }

    appendChat({ user, text, ts }) {
        const mine = user === this.me;
        this.appendItem(mine ? 'msg mine' : 'msg', (li) => {
            li.dataset.user = String(user);
            const avatar = this.doc.createElement('span');
            avatar.className = 'avatar';
            paintAvatar(avatar, displayName(user));
            const bubble = this.doc.createElement('div');
            bubble.className = 'bubble';
            const meta = this.doc.createElement('div');
            meta.className = 'meta';
            const who = this.doc.createElement('strong');
            who.textContent = mine ? 'You' : displayName(user) || 'unknown';
            const date = typeof ts === 'number' ? new Date(ts * 1000) : new Date();
            const when = this.doc.createElement('time');
            when.dateTime = date.toISOString();
            when.textContent = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
            meta.append(who, when);
            const body = this.doc.createElement('div');
            body.className = 'body';
            body.textContent = String(text ?? '');
            bubble.append(meta, body);
            li.append(avatar, bubble);
        });
    }

    appendNotice(text, kind = 'info') {
        this.appendItem(`notice notice-${kind}`, (li) => {
            li.textContent = text;
        });
    }

    appendItem(className, build) {
        this.el.empty.hidden = true;
        const list = this.el.messages;
        const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
        const li = this.doc.createElement('li');
        li.className = className;
        build(li);
        list.appendChild(li);
        if (atBottom) {
            list.scrollTop = list.scrollHeight;
        }
    }
}
