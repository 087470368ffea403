/**
 * Reconnect delays: exponential backoff with "full jitter" (a uniformly random
 * delay between 0 and the exponential ceiling), so thousands of browsers that
 * lost the same gateway do not all come back in the same millisecond.
 */

/** Defaults of the `backoff` option. */
export const DEFAULT_BACKOFF = Object.freeze({
  /** Ceiling of the first retry, in ms. */
  initialMs: 500,
  /** Largest ceiling, in ms. */
  maxMs: 30000,
  /** Growth of the ceiling per failed attempt. */
  factor: 2,
  /** `true`: full jitter (0 … ceiling); `false`: always the ceiling. */
  jitter: true,
});

/**
 * Checks a `backoff` option and fills in the defaults.
 * @param {Partial<typeof DEFAULT_BACKOFF>|undefined} options
 * @returns {typeof DEFAULT_BACKOFF}
 */
export function normalizeBackoff(options = {}) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`backoff must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  const merged = { ...DEFAULT_BACKOFF, ...options };
  const problems = [];
  for (const key of ['initialMs', 'maxMs']) {
    if (!Number.isFinite(merged[key]) || merged[key] < 0) {
      problems.push(`backoff.${key} must be a number >= 0, got ${String(merged[key])}`);
    }
  }
  if (!Number.isFinite(merged.factor) || merged.factor < 1) {
    problems.push(`backoff.factor must be a number >= 1, got ${String(merged.factor)}`);
  }
  if (typeof merged.jitter !== 'boolean') {
    problems.push(`backoff.jitter must be true or false, got ${String(merged.jitter)}`);
  }
  if (problems.length === 0 && merged.maxMs < merged.initialMs) {
    problems.push(`backoff.maxMs (${merged.maxMs}) must not be below backoff.initialMs (${merged.initialMs})`);
  }
  if (problems.length > 0) {
    throw new RangeError(problems.join('; '));
  }
  return Object.freeze(merged);
}

/**
 * The exponential ceiling before the `attempt`-th retry (0-based).
 * @param {number} attempt
 * @param {typeof DEFAULT_BACKOFF} backoff
 */
export function backoffCeiling(attempt, backoff) {
  // factor ** attempt overflows to Infinity for large attempts; min() keeps it at maxMs.
  return Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt);
}

/**
 * The delay before the `attempt`-th retry (0-based), in whole ms.
 * @param {number} attempt
 * @param {typeof DEFAULT_BACKOFF} backoff
 * @param {() => number} random a source of numbers in [0, 1)
 */
export function backoffDelay(attempt, backoff, random = Math.random) {
  const ceiling = backoffCeiling(attempt, backoff);
  return Math.round(backoff.jitter ? random() * ceiling : ceiling);
}
