/**
 * A LockManager stand-in (Web Locks): exclusive locks granted in the order asked, each held until
 * its callback settles. As the real one, `request(name, callback)` or `request(name, { signal },
 * callback)`: a request still queued when its signal aborts is withdrawn and rejects with an AbortError.
 */
export function fakeLocks() {
  const queues = new Map<string, Promise<unknown>>();
  let grants = 0;
  return {
    get grants() {
      return grants;
    },
    request(name: string, ...args: [() => Promise<unknown>] | [{ signal?: AbortSignal }, () => Promise<unknown>]) {
      const callback = args.length === 1 ? args[0] : args[1];
      const signal = args.length === 1 ? undefined : args[0].signal;
      const run = (queues.get(name) ?? Promise.resolve()).then(() => {
        if (signal?.aborted) throw new DOMException('withdrawn', 'AbortError');
        grants++;
        return callback();
      });
      queues.set(name, run.catch(() => undefined));
      return run;
    },
  };
}
