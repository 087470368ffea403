/**
 * @snoke/ws-client — a dependency-free browser (and Node) client for
 * snoke-ws-gateway: token from a callback, reconnect with backoff and jitter,
 * token refresh on close 4401, heartbeats, an event emitter and a send queue.
 *
 *   client.js   SnokeWsClient, CloseCode, State
 *   backoff.js  the reconnect delays (pure functions)
 *   emitter.js  on / off / once
 *   errors.js   SnokeWsError and its codes
 */
export { SnokeWsClient, CloseCode, State } from './client.js';
export { SnokeWsError } from './errors.js';
export { DEFAULT_BACKOFF, backoffCeiling, backoffDelay, normalizeBackoff } from './backoff.js';
