/**
 * The host's callbacks (onEvent, onError, navigate), followed after creation by the framework
 * bindings: a React provider re-rendered with new callbacks, closing over the component's new
 * state, expects those to be called, not the first render's. The instance keeps the options it
 * was created from; a binding hands it newer callbacks through a symbol-keyed method, not part
 * of the public type (`Symbol.for`: the bindings may come from another copy of the package).
 */
import type { GuidepostOptions } from '../options';

/** The method on an instance that takes newer callbacks: `gp[FOLLOW_CALLBACKS]?.(options)`. */
export const FOLLOW_CALLBACKS: unique symbol = Symbol.for('guidepost.followCallbacks') as never;

/** The callbacks a binding may replace. `now` is not one: a clock is not state of a render. */
const FOLLOWED = ['onEvent', 'onError', 'navigate'] as const;

/**
 * Puts `given`'s callbacks in `options` (the instance's copy), each where the instance was
 * created with one: a callback given only later is not started (an onEvent sink, onError instead
 * of the console) mid-life, and one left out later keeps the last given.
 */
export function followCallbacks(options: GuidepostOptions, given: unknown): void {
  if (given === null || typeof given !== 'object') return;
  const writable = options as Record<(typeof FOLLOWED)[number], unknown>;
  for (const name of FOLLOWED) {
    const next = (given as Record<string, unknown>)[name];
    if (typeof writable[name] === 'function' && typeof next === 'function') writable[name] = next;
  }
}
