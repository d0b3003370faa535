/**
 * The send loop's wake-up timer (src/track/wake-timer.ts), in Node with a recording scheduler
 * and a clock the test moves: one timer at most, the earliest asked for; a later wake-up never
 * replaces an earlier one; delays a timer cannot hold (NaN, negative, past 2^31 - 1 ms) are
 * clamped; `clear` cancels; after firing, the timer takes the next wake-up.
 */
import { describe, expect, it } from 'vitest';
import type { Scheduler } from '../../src/track/platform';
import { createWakeTimer, later, MAX_DELAY } from '../../src/track/wake-timer';

/** A scheduler that only records: `fire(handle)` runs a timer, as if it were due. */
function recordingScheduler() {
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const scheduler: Scheduler = {
    setTimeout: (callback, ms) => (timers.set(++next, { callback, ms }), next),
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  return {
    scheduler,
    timers,
    /** The delays of the timers set and not cleared nor fired, in order. */
    delays: () => [...timers.values()].map((t) => t.ms),
    fire(handle: number) {
      const timer = timers.get(handle)!;
      timers.delete(handle);
      timer.callback();
    },
    /** The handle of the only timer set. */
    only: () => {
      expect(timers.size).toBe(1);
      return [...timers.keys()][0];
    },
  };
}

function setup(start = 1_000) {
  const s = recordingScheduler();
  let now = start;
  let wakes = 0;
  const [wakeAt, clear] = createWakeTimer(s.scheduler, () => now, () => void wakes++);
  return { ...s, wakeAt, clear, wakes: () => wakes, setNow: (t: number) => void (now = t) };
}

describe('later', () => {
  it.each([
    [250, 250],
    [0, 0],
    [-5, 0],
    [NaN, 0],
    [MAX_DELAY + 1, MAX_DELAY],
    [Infinity, MAX_DELAY],
  ])('a delay of %s ms is set as %s ms', (ms, expected) => {
    const s = recordingScheduler();
    later(s.scheduler, () => undefined, ms);
    expect(s.delays()).toEqual([expected]);
  });
});

describe('createWakeTimer', () => {
  it('sets one timer for the wake-up asked, due minus now', () => {
    const t = setup();
    t.wakeAt(1_500);
    expect(t.delays()).toEqual([500]);
  });

  it('keeps the earliest: a later due is ignored, an earlier one replaces the timer', () => {
    const t = setup();
    t.wakeAt(6_000);
    t.wakeAt(9_000);
    expect(t.delays()).toEqual([5_000]);
    t.wakeAt(1_100);
    expect(t.delays()).toEqual([100]);
    t.wakeAt(1_100); // the same due: the timer already set stays
    expect(t.timers.size).toBe(1);
  });

  it('wakes once when the timer fires, then takes the next wake-up, even a later one', () => {
    const t = setup();
    t.wakeAt(1_200);
    t.fire(t.only());
    expect([t.wakes(), t.timers.size]).toEqual([1, 0]);
    t.setNow(1_200);
    t.wakeAt(50_000);
    expect(t.delays()).toEqual([48_800]);
  });

  it('clear cancels the wake-up, and a later one can be set after it', () => {
    const t = setup();
    t.wakeAt(1_100);
    t.clear();
    expect([t.timers.size, t.wakes()]).toEqual([0, 0]);
    t.clear(); // nothing set: nothing to do
    t.wakeAt(90_000);
    expect(t.delays()).toEqual([89_000]);
  });

  it('a due in the past or NaN wakes at once; one beyond what a timer holds wakes at the longest delay', () => {
    const t = setup();
    t.wakeAt(10);
    expect(t.delays()).toEqual([0]);
    t.fire(t.only());
    t.wakeAt(NaN);
    expect(t.delays()).toEqual([0]);
    t.fire(t.only());
    t.wakeAt(1_000 + 10 * MAX_DELAY);
    expect(t.delays()).toEqual([MAX_DELAY]);
    expect(t.wakes()).toBe(2);
  });
});
