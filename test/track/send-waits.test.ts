/**
 * src/track/send-waits.ts: when the send loop may send again, on the delivery clock. The loop
 * relies on: blockedUntil() is the later of the Retry-After's end and (unless explicit) the
 * backoff's; hold() sets either, leaving an undefined one as it is; a clock set back more than
 * the tolerance (1 s) voids both waits and says so once through wentBack(); small steps back
 * (jitter) void nothing; sane() accepts a shared retry time only when it is a number no later
 * than a capped Retry-After could ask for. The clock here is a plain variable: no timers.
 */
import { describe, expect, it } from 'vitest';
import { createSendWaits } from '../../src/track/send-waits';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const MAX_RETRY_AFTER = 3_600_000;

function waits(start = T0) {
  const clock = { time: start };
  const [now, blockedUntil, hold, wentBack, sane] = createSendWaits(() => clock.time, MAX_RETRY_AFTER);
  return { clock, now, blockedUntil, hold, wentBack, sane };
}

describe('holding and reading the waits', () => {
  it('nothing blocks at first; now() is the clock', () => {
    const w = waits();
    expect(w.blockedUntil()).toBe(0);
    expect(w.blockedUntil(true)).toBe(0);
    expect(w.now()).toBe(T0);
    w.clock.time += 5;
    expect(w.now()).toBe(T0 + 5);
    expect(w.wentBack()).toBe(false);
  });

  it('the backoff holds automatic sends but not an explicit flush; a Retry-After holds both', () => {
    const w = waits();
    w.hold(T0 + 2000);
    expect(w.blockedUntil()).toBe(T0 + 2000);
    expect(w.blockedUntil(true)).toBe(0);
    w.hold(undefined, T0 + 500);
    // The later of the two; an explicit flush still waits for the Retry-After.
    expect(w.blockedUntil()).toBe(T0 + 2000);
    expect(w.blockedUntil(true)).toBe(T0 + 500);
    w.hold(undefined, T0 + 9000);
    expect(w.blockedUntil()).toBe(T0 + 9000);
  });

  it('an undefined part keeps what it was; 0 clears it', () => {
    const w = waits();
    w.hold(T0 + 100, T0 + 200);
    w.hold(undefined, undefined);
    expect([w.blockedUntil(), w.blockedUntil(true)]).toEqual([T0 + 200, T0 + 200]);
    w.hold(T0 + 300);
    expect([w.blockedUntil(), w.blockedUntil(true)]).toEqual([T0 + 300, T0 + 200]);
    w.hold(0, 0);
    expect([w.blockedUntil(), w.blockedUntil(true)]).toEqual([0, 0]);
  });

  it('waits do not end by themselves: blockedUntil is a time, the caller compares it with now()', () => {
    const w = waits();
    w.hold(T0 + 1000, T0 + 1000);
    w.clock.time = T0 + 5000;
    expect(w.blockedUntil()).toBe(T0 + 1000);
    expect(w.blockedUntil() <= w.now()).toBe(true);
  });
});

describe('a clock set back', () => {
  it('more than a second: both waits are void, and wentBack() says so once', () => {
    const w = waits();
    w.hold(T0 + 3_600_000, T0 + 3_600_000);
    w.clock.time = T0 - 3_600_000;
    expect(w.blockedUntil()).toBe(0);
    expect(w.blockedUntil(true)).toBe(0);
    expect(w.wentBack()).toBe(true);
    expect(w.wentBack()).toBe(false);
  });

  it('is noticed by any reading: now(), blockedUntil() or sane()', () => {
    for (const read of ['now', 'blockedUntil', 'sane'] as const) {
      const w = waits();
      w.hold(T0 + 60_000, T0 + 60_000);
      w.clock.time = T0 - 10_000;
      if (read === 'now') w.now();
      else if (read === 'blockedUntil') w.blockedUntil();
      else w.sane(T0);
      expect(w.wentBack(), read).toBe(true);
      expect(w.blockedUntil(), read).toBe(0);
    }
  });

  it('up to a second (jitter) voids nothing; just past it does', () => {
    const w = waits();
    w.hold(T0 + 5000, T0 + 5000);
    w.clock.time = T0 - 1000;
    expect(w.blockedUntil()).toBe(T0 + 5000);
    expect(w.wentBack()).toBe(false);
    w.clock.time = T0 - 1001;
    expect(w.blockedUntil()).toBe(0);
    expect(w.wentBack()).toBe(true);
  });

  it('measures from the latest reading: small steps back add up against it, and waits set after the jump hold again', () => {
    const w = waits();
    w.clock.time = T0 + 10_000;
    w.now();
    w.hold(T0 + 20_000);
    w.clock.time = T0 + 9_400; // 600 ms back: jitter
    expect(w.blockedUntil()).toBe(T0 + 20_000);
    w.clock.time = T0 + 8_800; // 1.2 s behind the latest reading
    expect(w.blockedUntil()).toBe(0);
    expect(w.wentBack()).toBe(true);
    // From the new time on, waits hold as usual, and going forward is no jump.
    w.hold(T0 + 9_800, T0 + 9_000);
    w.clock.time = T0 + 8_900;
    expect(w.blockedUntil()).toBe(T0 + 9_800);
    expect(w.wentBack()).toBe(false);
  });

  it('waits set at the clock\'s new time hold until it goes back again', () => {
    const w = waits();
    w.clock.time = T0 - 86_400_000;
    w.now();
    expect(w.wentBack()).toBe(true);
    w.hold(undefined, T0 - 86_400_000 + 30_000);
    expect(w.blockedUntil(true)).toBe(T0 - 86_400_000 + 30_000);
  });
});

describe('sane: a retry time read from the shared store', () => {
  it('a number up to now + the longest Retry-After is taken as it is', () => {
    const w = waits();
    expect(w.sane(T0 + 5000)).toBe(T0 + 5000);
    expect(w.sane(T0 + MAX_RETRY_AFTER)).toBe(T0 + MAX_RETRY_AFTER);
    // One in the past holds nothing, and is harmless.
    expect(w.sane(T0 - 5000)).toBe(T0 - 5000);
    expect(w.sane(0)).toBe(0);
  });

  it('later than a capped Retry-After could ask for: 0, so no tab holds the origin\'s delivery', () => {
    const w = waits();
    expect(w.sane(T0 + MAX_RETRY_AFTER + 1)).toBe(0);
    expect(w.sane(Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(w.sane(Infinity)).toBe(0);
  });

  it('not a number: 0', () => {
    const w = waits();
    for (const at of [undefined, null, NaN, String(T0 + 5), { at: T0 }, [T0], true, BigInt(T0)]) expect(w.sane(at)).toBe(0);
  });

  it('is measured from the clock now: the cap moves with it', () => {
    const w = waits();
    const at = T0 + MAX_RETRY_AFTER + 60_000;
    expect(w.sane(at)).toBe(0);
    w.clock.time = T0 + 60_000;
    expect(w.sane(at)).toBe(at);
  });
});

describe('each send loop has its own waits', () => {
  it('two instances on one clock do not share holds or the went-back flag', () => {
    const clock = { time: T0 };
    const [, blockedA, holdA, wentBackA] = createSendWaits(() => clock.time, MAX_RETRY_AFTER);
    const [nowB, blockedB, , wentBackB] = createSendWaits(() => clock.time, MAX_RETRY_AFTER);
    holdA(T0 + 1000, T0 + 2000);
    expect(blockedB()).toBe(0);
    clock.time = T0 - 60_000;
    nowB();
    expect(wentBackB()).toBe(true);
    expect(wentBackA()).toBe(false); // A has not read the clock since
    expect(blockedA()).toBe(0);
    expect(wentBackA()).toBe(true);
  });
});
