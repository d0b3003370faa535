/**
 * Recorded fake instances for the React and Vue binding tests: `createGuidepost` mocked to
 * build the real instance and record, in a log the test reads, what the bindings did with it.
 *
 * vi.mock is hoisted per file, so each test file keeps its own call and builds its log with
 * vi.hoisted (this module imports only types, so it loads before the mocked module):
 *
 *   const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).destroyLog());
 *   vi.mock('../../src/guidepost', async (importOriginal) =>
 *     (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
 */
import type { Guidepost, GuidepostOptions } from '../../src/index';

/** What the mocked `createGuidepost` calls with every instance it creates. */
export interface InstanceLog {
  /** Records `gp` (created from `options`), wrapping the methods this log watches. */
  record(gp: Guidepost, options: GuidepostOptions): void;
  /** Forgets every instance recorded (for afterEach). */
  clear(): void;
}

/** The guidepost module with `createGuidepost` replaced by one that records into `log`. */
export function mockedGuidepost<M extends { createGuidepost: (options: GuidepostOptions) => Guidepost }>(actual: M, log: InstanceLog): M {
  return {
    ...actual,
    createGuidepost: (options: GuidepostOptions) => {
      const gp = actual.createGuidepost(options);
      log.record(gp, options);
      return gp;
    },
  };
}

/** Every instance created, in order. */
export function createdLog() {
  const log = {
    created: [] as Guidepost[],
    record(gp: Guidepost) {
      log.created.push(gp);
    },
    clear() {
      log.created.length = 0;
    },
  };
  return log satisfies InstanceLog;
}

/** Every instance created, and those destroy() was called on. */
export function destroyLog() {
  const log = {
    created: [] as Guidepost[],
    destroyed: new Set<Guidepost>(),
    /** The instances not destroyed yet. */
    live: (): Guidepost[] => log.created.filter((gp) => !log.destroyed.has(gp)),
    record(gp: Guidepost) {
      const { destroy } = gp;
      gp.destroy = () => {
        log.destroyed.add(gp);
        destroy();
      };
      log.created.push(gp);
    },
    clear() {
      log.created.length = 0;
      log.destroyed.clear();
    },
  };
  return log satisfies InstanceLog;
}

/** Every instance created with the options it was given, those started, and those destroyed. */
export function optionsLog() {
  const log = {
    created: [] as { gp: Guidepost; options: GuidepostOptions }[],
    destroyed: new Set<Guidepost>(),
    started: new Set<Guidepost>(),
    record(gp: Guidepost, options: GuidepostOptions) {
      const { destroy, start } = gp;
      gp.destroy = () => {
        log.destroyed.add(gp);
        destroy();
      };
      gp.start = () => {
        log.started.add(gp);
        return start();
      };
      log.created.push({ gp, options });
    },
    clear() {
      log.created.length = 0;
      log.destroyed.clear();
      log.started.clear();
    },
  };
  return log satisfies InstanceLog;
}

/**
 * Every instance created, how many times destroy() was called on each, and the listeners given
 * to on(): each is wrapped to count a call made after its disposer ran.
 */
export function disposerLog() {
  const log = {
    created: [] as Guidepost[],
    destroys: new Map<Guidepost, number>(),
    /** A listener called after its own disposer ran (a subscription the disposer did not end). */
    callsAfterOff: 0,
    ons: 0,
    offs: 0,
    record(gp: Guidepost) {
      const { destroy, on } = gp;
      log.destroys.set(gp, 0);
      gp.destroy = () => {
        log.destroys.set(gp, log.destroys.get(gp)! + 1);
        destroy();
      };
      gp.on = (type, listener) => {
        log.ons++;
        let off = false;
        const unsubscribe = on(type, (event) => {
          if (off) log.callsAfterOff++;
          listener(event);
        });
        return () => {
          if (!off) log.offs++;
          off = true;
          unsubscribe();
        };
      };
      log.created.push(gp);
    },
    clear() {
      log.created.length = 0;
      log.destroys.clear();
      log.callsAfterOff = 0;
      log.ons = 0;
      log.offs = 0;
    },
  };
  return log satisfies InstanceLog;
}

/** Every instance, and how many of its on() / onChange() subscriptions are live. */
export function subscriptionLog() {
  const log = {
    list: [] as { gp: Guidepost; subscriptions: number }[],
    /** Live subscriptions over every instance. */
    subscriptions: (): number => log.list.reduce((n, r) => n + r.subscriptions, 0),
    record(gp: Guidepost) {
      const record = { gp, subscriptions: 0 };
      const counted =
        <A extends unknown[]>(subscribe: (...args: A) => () => void) =>
        (...args: A) => {
          const off = subscribe(...args);
          record.subscriptions++;
          let done = false;
          return () => {
            if (!done) record.subscriptions--;
            done = true;
            off();
          };
        };
      gp.on = counted(gp.on.bind(gp)) as Guidepost['on'];
      gp.onChange = counted(gp.onChange.bind(gp));
      log.list.push(record);
    },
    clear() {
      log.list.length = 0;
    },
  };
  return log satisfies InstanceLog;
}
