import assert from 'node:assert/strict';
import { test } from 'node:test';

import { backoffCeiling, backoffDelay, normalizeBackoff } from '../../src/backoff.js';

test('the ceiling grows by the factor and stops at maxMs', () => {
  const backoff = normalizeBackoff({ initialMs: 100, maxMs: 1000, factor: 3 });
  assert.deepEqual([0, 1, 2, 3, 4, 50].map((n) => backoffCeiling(n, backoff)), [100, 300, 900, 1000, 1000, 1000]);
});

test('a huge attempt number still gives maxMs, not Infinity or NaN', () => {
  const backoff = normalizeBackoff({ initialMs: 500, maxMs: 30000, factor: 2 });
  assert.equal(backoffDelay(5000, backoff, () => 0.999), 29970);
});

test('full jitter picks uniformly between 0 and the ceiling', () => {
  const backoff = normalizeBackoff({ initialMs: 1000, maxMs: 8000 });
  assert.equal(backoffDelay(2, backoff, () => 0), 0);
  assert.equal(backoffDelay(2, backoff, () => 0.5), 2000);
  assert.equal(backoffDelay(2, backoff, () => 0.9999), 4000);
});

test('without jitter the delay is the ceiling', () => {
  const backoff = normalizeBackoff({ initialMs: 250, jitter: false });
  assert.deepEqual([0, 1, 2].map((n) => backoffDelay(n, backoff, () => 0)), [250, 500, 1000]);
});

test('bad backoff options are all named in one error', () => {
  assert.throws(
    () => normalizeBackoff({ initialMs: -1, factor: 0.5, jitter: 'yes' }),
    (error) =>
      error instanceof RangeError &&
      error.message.includes('backoff.initialMs') &&
      error.message.includes('backoff.factor') &&
      error.message.includes('backoff.jitter'),
  );
  assert.throws(() => normalizeBackoff({ initialMs: 5000, maxMs: 1000 }), /maxMs \(1000\) must not be below/);
  assert.throws(() => normalizeBackoff(null), /backoff must be an object/);
});
