/** A LockManager stand-in (Web Locks): exclusive locks granted in the order asked, each held until its callback settles. */
export function fakeLocks() {
  const queues = new Map<string, Promise<unknown>>();
  let grants = 0;
  return {
    get grants() {
      return grants;
    },
    request(name: string, callback: () => Promise<unknown>) {
      const run = (queues.get(name) ?? Promise.resolve()).then(() => (grants++, callback()));
      queues.set(name, run.catch(() => undefined));
      return run;
    },
  };
}
