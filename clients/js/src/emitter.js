/**
 * A minimal typed-by-name event emitter (`on` / `off` / `once` / `emit`).
 *
 * A throwing listener must not break the connection's state machine, nor stop
 * the other listeners: its error is handed to `onListenerError` instead.
 */
export class Emitter {
  /** @param {(error: unknown, type: string) => void} onListenerError */
  constructor(onListenerError) {
    /** @type {Map<string, Set<Function>>} */
    this._listeners = new Map();
    this._onListenerError = onListenerError;
  }

  /**
   * Adds a listener; returns a function that removes it again.
   * @param {string} type
   * @param {Function} listener
   * @returns {() => void}
   */
  on(type, listener) {
    if (typeof listener !== 'function') {
      throw new TypeError(`listener for "${type}" must be a function, got ${typeof listener}`);
    }
    let set = this._listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this._listeners.set(type, set);
    }
    set.add(listener);
    return () => this.off(type, listener);
  }

  /**
   * Removes a listener added with `on` or `once`.
   * @param {string} type
   * @param {Function} listener
   */
  off(type, listener) {
    const set = this._listeners.get(type);
    if (set === undefined) {
      return;
    }
    set.delete(listener);
    for (const wrapped of set) {
      if (wrapped._snokeOnce === listener) {
        set.delete(wrapped);
      }
    }
  }

  /**
   * Adds a listener that runs for the next event of `type` only.
   * @param {string} type
   * @param {Function} listener
   * @returns {() => void}
   */
  once(type, listener) {
    if (typeof listener !== 'function') {
      throw new TypeError(`listener for "${type}" must be a function, got ${typeof listener}`);
    }
    const wrapped = (...args) => {
      this.off(type, wrapped);
      return listener(...args);
    };
    wrapped._snokeOnce = listener;
    return this.on(type, wrapped);
  }

  /**
   * Calls every listener of `type` with `args`; returns whether there was one.
   * @param {string} type
   * @param {...unknown} args
   * @returns {boolean}
   */
  emit(type, ...args) {
    const set = this._listeners.get(type);
    if (set === undefined || set.size === 0) {
      return false;
    }
    // A copy, so listeners that add or remove listeners do not disturb this round.
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        this._onListenerError(error, type);
      }
    }
    return true;
  }

  /** Number of listeners of `type`. */
  listenerCount(type) {
    return this._listeners.get(type)?.size ?? 0;
  }
}
