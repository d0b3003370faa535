/**
 * The outbox lock (src/track/lock.ts) in Node, with fake lock managers: `noLock` runs every task
 * (no exclusion at all); `webLock` asks the Web Locks API for `name` with `ifAvailable`, runs the
 * task only while holding it, reports a taken lock without running the task, and falls back to
 * `noLock` wherever Web Locks are missing or broken — but never runs a task twice (a task that
 * failed under the lock is not retried without it: that would send a batch twice).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noLock, webLock, type LockManagerLike } from '../../src/track/lock';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A deferred value, resolved from outside. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Web Locks with `ifAvailable` semantics, one holder per name; logs every request. */
function fakeLocks() {
  const held = new Set<string>();
  const requests: Array<{ name: string; options: unknown }> = [];
  const manager: LockManagerLike = {
    async request(name, options, callback) {
      requests.push({ name, options });
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' });
      } finally {
        held.delete(name);
      }
    },
  };
  return { manager, requests, isHeld: (name: string) => held.has(name) };
}

describe('noLock', () => {
  it('runs the task and reports it acquired, with its value', async () => {
    await expect(noLock(async () => ({ sent: 3 }))).resolves.toEqual({ acquired: true, value: { sent: 3 } });
  });

  it("passes the task's rejection up unchanged, having run it once", async () => {
    const error = new Error('collector unreachable');
    const task = vi.fn(() => Promise.reject(error));
    await expect(noLock(task)).rejects.toBe(error);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('a task that throws synchronously becomes a rejection, not a throw', async () => {
    const task = (() => {
      throw new TypeError('bad task');
    }) as () => Promise<never>;
    const outcome = noLock(task);
    expect(outcome).toBeInstanceOf(Promise);
    await expect(outcome).rejects.toThrow('bad task');
  });

  it('excludes nothing: two tasks run at the same time', async () => {
    const first = deferred<string>();
    const started: string[] = [];
    const a = noLock(() => (started.push('a'), first.promise));
    const b = noLock(async () => (started.push('b'), 'b'));
    await expect(b).resolves.toEqual({ acquired: true, value: 'b' });
    expect(started).toEqual(['a', 'b']);
    first.resolve('a');
    await expect(a).resolves.toEqual({ acquired: true, value: 'a' });
  });
});

describe('webLock with a lock manager', () => {
  it('asks for the named lock with ifAvailable, and for "guidepost-outbox" by default', async () => {
    const locks = fakeLocks();
    await webLock('my-outbox', locks.manager)(async () => 1);
    await webLock(undefined, locks.manager)(async () => 2);
    expect(locks.requests).toEqual([
      { name: 'my-outbox', options: { ifAvailable: true } },
      { name: 'guidepost-outbox', options: { ifAvailable: true } },
    ]);
  });

  it('holds the lock for the whole task, released once the task settles (also when it fails)', async () => {
    const locks = fakeLocks();
    const run = webLock('outbox', locks.manager);
    const gate = deferred<void>();
    let heldInside = false;
    const outcome = run(async () => {
      heldInside = locks.isHeld('outbox');
      await gate.promise;
      return 'done';
    });
    await vi.waitFor(() => expect(heldInside).toBe(true));
    expect(locks.isHeld('outbox')).toBe(true);
    gate.resolve();
    await expect(outcome).resolves.toEqual({ acquired: true, value: 'done' });
    expect(locks.isHeld('outbox')).toBe(false);

    await expect(run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(locks.isHeld('outbox')).toBe(false);
  });

  it('reports a taken lock without running the task; the next turn, once released, runs it', async () => {
    const locks = fakeLocks();
    const tabA = webLock('guidepost-outbox', locks.manager);
    const tabB = webLock('guidepost-outbox', locks.manager);
    const gate = deferred<string>();
    const first = tabA(() => gate.promise);
    const skipped = vi.fn(async () => 'b');
    await expect(tabB(skipped)).resolves.toEqual({ acquired: false });
    expect(skipped).not.toHaveBeenCalled();
    gate.resolve('a');
    await expect(first).resolves.toEqual({ acquired: true, value: 'a' });
    await expect(tabB(skipped)).resolves.toEqual({ acquired: true, value: 'b' });
    expect(skipped).toHaveBeenCalledTimes(1);
  });

  it('locks of other names do not exclude each other', async () => {
    const locks = fakeLocks();
    const gate = deferred<string>();
    const held = webLock('a', locks.manager)(() => gate.promise);
    await expect(webLock('b', locks.manager)(async () => 'b')).resolves.toEqual({ acquired: true, value: 'b' });
    gate.resolve('a');
    await held;
  });

  it("passes the task's own failure up and never runs the task a second time without the lock", async () => {
    const locks = fakeLocks();
    const error = new Error('batch failed');
    const task = vi.fn(() => Promise.reject(error));
    await expect(webLock('x', locks.manager)(task)).rejects.toBe(error);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('a task that throws synchronously is its own failure too: one run, rejected', async () => {
    const locks = fakeLocks();
    const task = vi.fn((): Promise<number> => {
      throw new RangeError('sync');
    });
    await expect(webLock('x', locks.manager)(task)).rejects.toThrow('sync');
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('a manager that fails after the task ran does not run it again (the batch would go twice)', async () => {
    const task = vi.fn(async () => 'sent');
    const manager: LockManagerLike = {
      async request(_name, _options, callback) {
        await callback({});
        throw new DOMException('The lock was stolen', 'AbortError');
      },
    };
    await expect(webLock('x', manager)(task)).rejects.toThrow('The lock was stolen');
    expect(task).toHaveBeenCalledTimes(1);
  });
});

describe('webLock where Web Locks are missing or broken: flushes anyway (noLock)', () => {
  it('null manager: runs the task', async () => {
    const task = vi.fn(async () => 7);
    await expect(webLock('x', null)(task)).resolves.toEqual({ acquired: true, value: 7 });
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('a manager whose request is not a function (a hostile or stubbed navigator.locks)', async () => {
    for (const manager of [{ request: 'nope' }, { request: null }, {}]) {
      const task = vi.fn(async () => 'ran');
      await expect(webLock('x', manager as unknown as LockManagerLike)(task)).resolves.toEqual({ acquired: true, value: 'ran' });
      expect(task).toHaveBeenCalledTimes(1);
    }
  });

  it('a request that rejects before granting (SecurityError in an opaque origin): runs the task once', async () => {
    const task = vi.fn(async () => 'ran');
    const manager: LockManagerLike = { request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')) };
    await expect(webLock('x', manager)(task)).resolves.toEqual({ acquired: true, value: 'ran' });
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('a request that throws synchronously: runs the task once', async () => {
    const task = vi.fn(async () => 'ran');
    const manager: LockManagerLike = {
      request: () => {
        throw new TypeError('Illegal invocation');
      },
    };
    await expect(webLock('x', manager)(task)).resolves.toEqual({ acquired: true, value: 'ran' });
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('a task that fails after such a fallback still rejects with its own error', async () => {
    const manager: LockManagerLike = { request: () => Promise.reject(new Error('broken manager')) };
    await expect(webLock('x', manager)(() => Promise.reject(new Error('task failed')))).rejects.toThrow('task failed');
  });
});

describe('webLock without an injected manager: navigator.locks, looked up at each call', () => {
  it('uses navigator.locks when there is one, including one that appears after the runner was made', async () => {
    const run = webLock('late');
    vi.stubGlobal('navigator', {});
    await expect(run(async () => 'no locks')).resolves.toEqual({ acquired: true, value: 'no locks' });
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { locks: locks.manager });
    await expect(run(async () => 'locked')).resolves.toEqual({ acquired: true, value: 'locked' });
    expect(locks.requests).toEqual([{ name: 'late', options: { ifAvailable: true } }]);
  });

  it('a taken lock in navigator.locks is reported, not run', async () => {
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { locks: locks.manager });
    const gate = deferred<void>();
    const holder = webLock()(() => gate.promise);
    const task = vi.fn(async () => 1);
    await expect(webLock()(task)).resolves.toEqual({ acquired: false });
    expect(task).not.toHaveBeenCalled();
    gate.resolve();
    await holder;
  });

  it('no navigator, or navigator.locks null: runs the task', async () => {
    vi.stubGlobal('navigator', undefined);
    await expect(webLock()(async () => 'a')).resolves.toEqual({ acquired: true, value: 'a' });
    vi.stubGlobal('navigator', { locks: null });
    await expect(webLock()(async () => 'b')).resolves.toEqual({ acquired: true, value: 'b' });
  });

  it('an explicit undefined manager means "look at navigator", not "no lock"', async () => {
    const locks = fakeLocks();
    vi.stubGlobal('navigator', { locks: locks.manager });
    await webLock('x', undefined)(async () => 1);
    expect(locks.requests).toHaveLength(1);
  });
});
