/**
 * The arena's passes (src/ui/arena.ts): surfaces that come and go during one render commit are
 * placed once, at its end, not against a half-updated layer. The rules themselves:
 * arbiter.dom.test.ts; on screen: arbiter.browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createArena } from '../../src/ui/arena';
import { TIP } from '../../src/ui/arbiter';

/** A shadow root for the arena's surfaces, and a surface entry that counts its placements. */
function setUp() {
  const host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  let roots = [shadow];
  const arena = createArena(() => roots);
  const surface = (x: number) => {
    const counter = { placed: 0 };
    const entry = {
      rank: TIP,
      measure: () => ({ x, y: 0, width: 10, height: 10 }),
      place: async () => {
        counter.placed++;
        return { x, y: 0, width: 10, height: 10 };
      },
    };
    return { entry, counter };
  };
  return { arena, surface, dropRoots: () => (roots = []), host };
}

/** Lets the queued microtasks (the arena's refresh and its pass) run: one macrotask later, they have. */
const afterMicrotasks = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('passes at the end of a commit', () => {
  it('one surface leaving and two arriving in the same task: each arriving one is placed once', async () => {
    const { arena, surface, host } = setUp();
    const leaving = surface(0);
    const removeLeaving = arena.add(leaving.entry);
    await afterMicrotasks();
    expect(leaving.counter.placed).toBe(1);
    const a = surface(20);
    const b = surface(40);
    removeLeaving();
    arena.add(a.entry);
    arena.add(b.entry);
    // Nothing runs in the middle of the commit...
    expect([a.counter.placed, b.counter.placed]).toEqual([0, 0]);
    await afterMicrotasks();
    // ...and at its end one pass places both, once.
    expect([a.counter.placed, b.counter.placed]).toEqual([1, 1]);
    expect(leaving.counter.placed).toBe(1);
    host.remove();
  });

  it("the renderer's own refresh at the end of its commit makes the queued one unneeded", async () => {
    const { arena, surface, host } = setUp();
    const a = surface(0);
    arena.add(a.entry);
    arena.refresh();
    await afterMicrotasks();
    expect(a.counter.placed).toBe(1);
    host.remove();
  });

  it('a refresh queued when the layer is already gone does nothing and throws nothing', async () => {
    const { arena, surface, dropRoots, host } = setUp();
    const a = surface(0);
    const remove = arena.add(a.entry);
    remove();
    dropRoots();
    host.remove();
    await afterMicrotasks();
    expect(a.counter.placed).toBe(0);
  });
});

describe('boxes the placement knows', () => {
  it('a surface whose placement returns its box is not measured in that pass (no read after its writes)', async () => {
    const { arena, host } = setUp();
    let measured = 0;
    let placed = 0;
    arena.add({
      rank: TIP,
      measure: () => (measured++, { x: 0, y: 0, width: 10, height: 10 }),
      place: async () => (placed++, { x: 0, y: 0, width: 10, height: 10 }),
    });
    await afterMicrotasks();
    expect(placed).toBe(1);
    expect(measured).toBe(0);
    host.remove();
  });

  it('a box measured later a sub-pixel off the one its placement computed moves nothing: what ranks below is placed once', async () => {
    const { arena, host } = setUp();
    let lowerPlaced = 0;
    let lowerWasPlaced = () => {};
    // The higher surface: its placement computes whole pixels; measured, it is a sub-pixel off.
    const higher = { rank: TIP - 1, measure: () => ({ x: 0.3, y: 0.2, width: 100.4, height: 40.45 }), place: async () => ({ x: 0, y: 0, width: 100, height: 40 }) };
    const lower = {
      rank: TIP,
      measure: () => ({ x: 200, y: 0, width: 10, height: 10 }),
      place: async () => {
        lowerPlaced++;
        lowerWasPlaced();
        return { x: 200, y: 0, width: 10, height: 10 };
      },
    };
    arena.add(higher);
    arena.add(lower);
    await afterMicrotasks();
    expect(lowerPlaced).toBe(1);
    // Only the lower one asks (its target moved): the settling measures the higher one, which
    // has not moved, so the lower one is not placed a second time.
    const placedAgain = new Promise<void>((resolve) => (lowerWasPlaced = resolve));
    arena.request(lower as never);
    await placedAgain;
    await afterMicrotasks();
    expect(lowerPlaced).toBe(2);
    host.remove();
  });
});
