/**
 * The bound on a host storage's operations (src/store/bounded.ts), with fake timers: an
 * operation that never answers rejects with a TimeoutError after the bound, later ones fail at
 * once while it stays unanswered, the storage is used again once it answers, and answers,
 * failures and throws within the bound pass through unchanged.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { boundOperations } from '../../src/store/bounded';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A promise settled by hand, and whether it was asked for. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('boundOperations', () => {
  it('passes an answer within the bound through, and leaves no timer behind', async () => {
    const bounded = boundOperations(1000);
    await expect(bounded(async () => 42)).resolves.toBe(42);
    await expect(bounded(() => 'sync value')).resolves.toBe('sync value');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes a failure within the bound through, a throw included', async () => {
    const bounded = boundOperations(1000);
    await expect(bounded(async () => Promise.reject(new Error('quota')))).rejects.toThrow('quota');
    await expect(
      bounded(() => {
        throw new TypeError('not a function');
      }),
    ).rejects.toThrow(TypeError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an operation that never answers rejects after the bound with a TimeoutError saying how long it waited', async () => {
    const bounded = boundOperations(1000);
    const pending = bounded(() => new Promise<never>(() => undefined));
    const outcome = pending.catch((error: Error) => error);
    await vi.advanceTimersByTimeAsync(999);
    expect(await Promise.race([outcome, Promise.resolve('still waiting')])).toBe('still waiting');
    await vi.advanceTimersByTimeAsync(1);
    const error = (await outcome) as Error;
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toBe('no answer within 1000 ms');
  });

  it('while one stays unanswered, the next operations fail at once instead of each waiting the bound', async () => {
    const bounded = boundOperations(1000);
    const stuck = deferred<string>();
    const first = bounded(() => stuck.promise).catch((error: Error) => error.name);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await first).toBe('TimeoutError');
    const work = vi.fn(async () => 'never asked');
    await expect(bounded(work)).rejects.toThrow(/no answer within 1000 ms/);
    expect(work).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    // It answers at last: that late answer is dropped, and the storage is used again.
    stuck.resolve('late');
    await vi.advanceTimersByTimeAsync(0);
    await expect(bounded(async () => 'back')).resolves.toBe('back');
  });

  it('a late failure also counts as an answer', async () => {
    const bounded = boundOperations(50);
    const stuck = deferred<string>();
    const first = bounded(() => stuck.promise).catch(() => 'timed out');
    await vi.advanceTimersByTimeAsync(50);
    await first;
    stuck.reject(new Error('gone'));
    await vi.advanceTimersByTimeAsync(0);
    await expect(bounded(async () => 'ok')).resolves.toBe('ok');
  });

  it('Infinity is no bound: no timer, the operation is awaited as long as it takes', async () => {
    const bounded = boundOperations(Infinity);
    const slow = deferred<string>();
    const pending = bounded(() => slow.promise);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 ** 9);
    slow.resolve('eventually');
    await expect(pending).resolves.toBe('eventually');
  });
});
