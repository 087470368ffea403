/**
 * The one error type the client reports, with a stable `code` to branch on.
 *
 * | code             | meaning |
 * |------------------|---------|
 * | `token_failed`   | `getToken()` threw or rejected (the cause is attached); retried with backoff |
 * | `bad_token`      | `getToken()` resolved to something that is not a token; retried with backoff |
 * | `bad_url`        | no usable WebSocket URL (option `url` or the `url` from `getToken()`) |
 * | `socket_failed`  | the WebSocket constructor threw; retried with backoff |
 * | `unauthorized`   | the gateway refused fresh tokens `maxAuthFailures` times in a row (close 4401): the client gave up |
 * | `queue_full`     | `send()` while offline with `queueLimit` messages already waiting |
 * | `closed`         | `send()` after `close()` |
 * | `bad_frame`      | the gateway sent a frame that is not JSON |
 * | `listener_failed`| one of your listeners threw (the cause is attached) |
 */
export class SnokeWsError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {unknown} [cause]
   */
  constructor(code, message, cause) {
    super(message);
    this.name = 'SnokeWsError';
    /** @type {string} */
    this.code = code;
    if (cause !== undefined) {
      /** @type {unknown} */
      this.cause = cause;
    }
  }
}
