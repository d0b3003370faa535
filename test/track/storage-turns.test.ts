/**
 * src/track/storage-turns.ts: serialOn runs tasks on one storage object one at a time, in call
 * order, each starting only after the previous one settled; a failure rejects that task alone
 * and the queue goes on; a wrapper that names the storage it wraps (`turns`) shares that
 * storage's queue; different storages do not wait for each other. (Outboxes taking turns through
 * it: outbox-key-value.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { serialOn } from '../../src/track/storage-turns';

/** A task that records its start and end and finishes when released. */
function gate(log: string[], name: string) {
  let release!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  const task = async () => {
    log.push(`start ${name}`);
    await done;
    log.push(`end ${name}`);
    return name;
  };
  return { task, release, fail };
}

/** Lets every pending promise reaction run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('serialOn', () => {
  it('runs the tasks of one storage one at a time, in call order', async () => {
    const storage = {};
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => gate(log, name));
    const results = [serialOn(storage, a.task), serialOn(storage, b.task), serialOn(storage, c.task)];
    await settle();
    expect(log).toEqual(['start a']);
    b.release(); // released early: still waits for a
    c.release();
    await settle();
    expect(log).toEqual(['start a']);
    a.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it("resolves with the task's own value", async () => {
    await expect(serialOn({}, async () => ({ n: 1 }))).resolves.toEqual({ n: 1 });
  });

  it('a failing task rejects only its own call; the next task still runs after it', async () => {
    const storage = {};
    const log: string[] = [];
    const a = gate(log, 'a');
    const first = serialOn(storage, a.task);
    const second = serialOn(storage, async () => {
      log.push('second');
      return 2;
    });
    a.fail(new Error('quota'));
    await expect(first).rejects.toThrow('quota');
    await expect(second).resolves.toBe(2);
    expect(log).toEqual(['start a', 'second']);
  });

  it('a task that throws synchronously is a rejection of its call, not of the caller', async () => {
    const storage = {};
    const failing = serialOn(storage, () => {
      throw new Error('sync');
    });
    await expect(failing).rejects.toThrow('sync');
    await expect(serialOn(storage, async () => 'after')).resolves.toBe('after');
  });

  it('a wrapper naming the storage it wraps (`turns`) takes turns with that storage', async () => {
    const host = {};
    const wrapper = { turns: host };
    const log: string[] = [];
    const a = gate(log, 'host');
    const onHost = serialOn(host, a.task);
    const onWrapper = serialOn(wrapper, async () => {
      log.push('wrapper');
    });
    await settle();
    expect(log).toEqual(['start host']);
    a.release();
    await Promise.all([onHost, onWrapper]);
    expect(log).toEqual(['start host', 'end host', 'wrapper']);
  });

  it('two wrappers of one storage share its queue too', async () => {
    const host = {};
    const log: string[] = [];
    const a = gate(log, 'one');
    const first = serialOn({ turns: host }, a.task);
    const second = serialOn({ turns: host }, async () => {
      log.push('two');
    });
    await settle();
    expect(log).toEqual(['start one']);
    a.release();
    await Promise.all([first, second]);
    expect(log).toEqual(['start one', 'end one', 'two']);
  });

  it('different storages do not wait for each other', async () => {
    const log: string[] = [];
    const a = gate(log, 'a');
    const blocked = serialOn({}, a.task);
    await expect(serialOn({}, async () => 'other')).resolves.toBe('other');
    expect(log).toEqual(['start a']);
    a.release();
    await blocked;
  });

  it('does not start a task in the same turn it is queued, even on an idle storage', async () => {
    const log: string[] = [];
    const done = serialOn({}, async () => {
      log.push('task');
    });
    log.push('after call');
    await done;
    expect(log).toEqual(['after call', 'task']);
  });
});
