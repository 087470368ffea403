import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Emitter } from '../../src/emitter.js';

test('on returns an unsubscribe function and off removes a listener', () => {
  const emitter = new Emitter(() => {});
  const seen = [];
  const unsubscribe = emitter.on('x', (v) => seen.push(`a${v}`));
  const b = (v) => seen.push(`b${v}`);
  emitter.on('x', b);
  emitter.emit('x', 1);
  unsubscribe();
  emitter.off('x', b);
  assert.equal(emitter.emit('x', 2), false);
  assert.deepEqual(seen, ['a1', 'b1']);
});

test('once runs a single time and can be removed with off before it runs', () => {
  const emitter = new Emitter(() => {});
  let count = 0;
  emitter.once('x', () => count++);
  emitter.emit('x');
  emitter.emit('x');
  const listener = () => count++;
  emitter.once('y', listener);
  emitter.off('y', listener);
  emitter.emit('y');
  assert.equal(count, 1);
  assert.equal(emitter.listenerCount('y'), 0);
});

test('a throwing listener is reported and the others still run', () => {
  const reported = [];
  const emitter = new Emitter((error, type) => reported.push([error.message, type]));
  const seen = [];
  emitter.on('x', () => {
    throw new Error('boom');
  });
  emitter.on('x', () => seen.push('second'));
  emitter.emit('x');
  assert.deepEqual(seen, ['second']);
  assert.deepEqual(reported, [['boom', 'x']]);
});

test('a listener that is not a function is refused', () => {
  const emitter = new Emitter(() => {});
  assert.throws(() => emitter.on('x', 'nope'), /listener for "x" must be a function, got string/);
});
