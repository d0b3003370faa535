/**
 * src/runtime/host-callbacks.ts: an instance follows newer callbacks a framework binding hands
 * it (a React provider re-rendered with inline callbacks), each only where it was created with
 * one; the method is neither enumerable nor part of the public type.
 */
import { describe, expect, it } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError, type GuidepostEvent, type GuidepostOptions } from '../../src/index';
import { FOLLOW_CALLBACKS, followCallbacks } from '../../src/runtime/host-callbacks';

const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'tip', type: 'banner', body: 'b' }] };

describe('followCallbacks', () => {
  it('replaces onEvent, onError and navigate where the instance has one; leaves the rest alone', () => {
    const first = () => 'first';
    const next = () => 'next';
    const options = { onEvent: first, onError: first, now: () => 1 } as unknown as GuidepostOptions;
    followCallbacks(options, { onEvent: next, onError: 'not a function', navigate: next, now: () => 2 });
    expect(options.onEvent).toBe(next);
    expect(options.onError).toBe(first);
    // Not given at creation: not started mid-life.
    expect(options.navigate).toBeUndefined();
    expect(options.now!()).toBe(1);
    followCallbacks(options, null);
    followCallbacks(options, {});
    expect(options.onEvent).toBe(next);
  });

  it('an instance calls the newest onEvent and onError it was handed; the host options object is not written', async () => {
    const heard: string[] = [];
    const given: GuidepostOptions = {
      manifest,
      storage: memoryStorage(),
      locale: 'en',
      onEvent: (e: GuidepostEvent) => void (e.type === 'goal' && heard.push(`first ${e.name}`)),
      onError: (e: GuidepostError) => void heard.push(`first ${e.code}`),
    };
    const firstOnEvent = given.onEvent;
    const gp = createGuidepost(given);
    expect(Object.keys(gp)).not.toContain(String(FOLLOW_CALLBACKS));
    expect(Object.getOwnPropertySymbols(gp).filter((s) => Object.getOwnPropertyDescriptor(gp, s)!.enumerable)).toEqual([]);
    await gp.start();
    (gp as unknown as Record<symbol, (o: unknown) => void>)[Symbol.for('guidepost.followCallbacks')]({
      onEvent: (e: GuidepostEvent) => void (e.type === 'goal' && heard.push(`second ${e.name}`)),
      onError: (e: GuidepostError) => void heard.push(`second ${e.code}`),
    });
    gp.track('saved');
    gp.startTour('nope');
    await expect.poll(() => heard).toEqual(expect.arrayContaining(['second saved', 'second internal']));
    expect(heard.filter((h) => h.startsWith('first'))).toEqual([]);
    expect(given.onEvent).toBe(firstOnEvent);
    gp.destroy();
  });
});
