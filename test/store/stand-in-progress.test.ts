/**
 * The store that stands in while the next person's record is read (src/store/stand-in-progress.ts):
 * reads answer from the previous person's state until then; updates, remote changes and forgets
 * wait, in order, and go to the next person's store, never to the previous one's; flush and clear
 * act on the next person's store once it is there.
 */
import { describe, expect, it } from 'vitest';
import { emptyProgress, recordEvent, type ProgressState } from '../../src/engine/progress';
import { standInProgress } from '../../src/store/stand-in-progress';
import { memoryProgress } from '../support/runtime-harness';

const withEvent = (name: string) => (state: ProgressState) => recordEvent(state, name, 1);
const eventNames = (state: ProgressState) => Object.keys(state.events);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('standInProgress', () => {
  it('keeps its own key and answers reads from the previous state until the next store is read', async () => {
    const previous = memoryProgress(recordEvent(emptyProgress(), 'alice-only', 1), 'progress:alice');
    const next = memoryProgress(emptyProgress(), 'progress:bob');
    const opening = deferred<typeof next>();
    const standIn = standInProgress(previous, 'progress:bob', opening.promise);
    expect(standIn.key).toBe('progress:bob');
    expect(eventNames(standIn.get())).toEqual(['alice-only']);
    opening.resolve(next);
    await standIn.opened;
    expect(standIn.get()).toBe(next.get());
  });

  it('updates made meanwhile go to the next store in order, none to the previous one; later ones go straight there', async () => {
    const previous = memoryProgress(emptyProgress(), 'progress:alice');
    const next = memoryProgress(emptyProgress(), 'progress:bob');
    const opening = deferred<typeof next>();
    const standIn = standInProgress(previous, 'progress:bob', opening.promise);
    standIn.update(withEvent('first'));
    standIn.applyRemote({ events: { remote: { count: 1, firstAt: 1, lastAt: 1, delta: 1 } } });
    standIn.update(withEvent('second'));
    expect(previous.updates).toBe(0);
    expect(next.updates).toBe(0);
    opening.resolve(next);
    await standIn.opened;
    expect(eventNames(next.get())).toEqual(['first', 'second']);
    standIn.update(withEvent('third'));
    expect(eventNames(next.get())).toEqual(['first', 'second', 'third']);
    expect(eventNames(previous.get())).toEqual([]);
  });

  it('forget and clear act on the next store, after what waited before them', async () => {
    const previous = memoryProgress(recordEvent(emptyProgress(), 'kept', 1), 'progress:alice');
    const next = memoryProgress(emptyProgress(), 'progress:bob');
    const opening = deferred<typeof next>();
    const standIn = standInProgress(previous, 'progress:bob', opening.promise);
    standIn.update(withEvent('gone'));
    const cleared = standIn.clear();
    opening.resolve(next);
    await cleared;
    expect(eventNames(next.get())).toEqual([]);
    expect(eventNames(previous.get())).toEqual(['kept']);
    standIn.update(withEvent('after'));
    standIn.forget();
    expect(eventNames(next.get())).toEqual([]);
  });

  it('a subscriber hears the next store once it is there, and nothing after unsubscribing', async () => {
    const next = memoryProgress(emptyProgress(), 'progress:bob');
    const opening = deferred<typeof next>();
    const standIn = standInProgress(memoryProgress(), 'progress:bob', opening.promise);
    const heard: string[][] = [];
    const stop = standIn.subscribe((state) => heard.push(eventNames(state)));
    opening.resolve(next);
    await standIn.opened;
    standIn.update(withEvent('one'));
    stop();
    standIn.update(withEvent('two'));
    expect(heard).toEqual([['one']]);
  });
});
