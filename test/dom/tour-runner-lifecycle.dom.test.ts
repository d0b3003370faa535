/**
 * One tour run from step to end (src/dom/tour-runner.ts), through createTourRunner's own API:
 * Next and Back at their bounds, how a run ends (reason and origin of Next, Done and Close), a
 * target re-rendered or removed while its step shows, and dispose() leaving no MutationObserver,
 * timer or listener behind; a step found at once after a transition attached once. Finding targets, routes
 * and advanceOn: tour-runner.dom.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { addElement as add, microtasks, runnerFixture, tourOf } from '../support/tour-stand-ins';
import { LOST_GRACE_MS } from '../../src/dom/shown-target';

const fixture = runnerFixture();
const start = fixture.start;

describe('Next, Back and the end of a run', () => {
  async function showing(steps = 3) {
    add('a');
    const run = start(tourOf(Array.from({ length: steps }, () => ({ target: '#a' }))));
    await vi.waitFor(() => expect(run.runner.state.status).toBe('showing'));
    return run;
  }

  it('Back on step 0 does nothing (no onChange); Back from step 1 returns to 0', async () => {
    const { runner, changes } = await showing();
    const before = runner.state;
    runner.send({ type: 'BACK' });
    expect(runner.state).toBe(before);
    runner.send({ type: 'NEXT' });
    runner.send({ type: 'BACK' });
    expect(changes).toEqual(['showing:0', 'showing:1', 'showing:0']);
  });

  it('Next on the last step completes the tour, with no origin', async () => {
    const { runner, changes } = await showing(2);
    runner.send({ type: 'NEXT' });
    runner.send({ type: 'NEXT' });
    expect(runner.state).toEqual({ status: 'ended', step: 1, reason: 'completed' });
    expect(changes).toEqual(['showing:0', 'showing:1', 'ended:1']);
  });

  it.each(['close', 'escape', 'overlay', 'skip', 'cta'])('CLOSE with origin "%s" is a dismissal with that origin', async (origin) => {
    const { runner } = await showing();
    runner.send({ type: 'CLOSE', origin });
    expect(runner.state).toEqual({ status: 'ended', step: 0, reason: 'dismissed', origin });
  });

  it('DONE completes from any step; once ended, nothing moves it and nothing is reported', async () => {
    const { runner, changes } = await showing();
    runner.send({ type: 'DONE' });
    expect(runner.state).toEqual({ status: 'ended', step: 0, reason: 'completed' });
    runner.send({ type: 'NEXT' });
    runner.send({ type: 'CLOSE', origin: 'close' });
    runner.routeChanged('/anywhere');
    expect(changes).toEqual(['showing:0', 'ended:0']);
    expect(runner.waitingFor()).toBeUndefined();
    expect(fixture.live.size).toBe(0);
  });
});

describe('a target removed while its step shows', () => {
  it('re-rendered (replaced): the step follows the new element, same state, click rebound', async () => {
    const old = add('a');
    const { runner, changes, targets } = start(tourOf([{ target: '#a', advanceOn: { click: true } }, { title: 'Two' }]));
    await vi.waitFor(() => expect(changes).toEqual(['showing:0']));
    const fresh = document.createElement('button');
    fresh.id = 'a';
    old.replaceWith(fresh);
    await vi.waitFor(() => expect(runner.target).toBe(fresh));
    expect(changes).toEqual(['showing:0', 'showing:0']);
    expect(targets[1]).toBe(fresh);
    fresh.click();
    expect(runner.state).toEqual({ status: 'resolving', step: 1 });
  });

  it('gone without a replacement: past a short grace, looks for it again for waitMs, then skips the step', async () => {
    vi.useFakeTimers();
    const el = add('a');
    const { runner, changes, missing } = start(tourOf([{ target: '#a', waitMs: 500 }, { title: 'Two' }]));
    await microtasks();
    el.remove();
    await microtasks();
    // A re-render in two passes would put it back within the grace: the step stays meanwhile.
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
    await vi.advanceTimersByTimeAsync(LOST_GRACE_MS);
    expect(runner.state).toEqual({ status: 'resolving', step: 0 });
    expect(runner.waitingFor()).toEqual({ selector: '#a' });
    await vi.advanceTimersByTimeAsync(500);
    expect(missing).toEqual([0]);
    await microtasks();
    expect(changes).toEqual(['showing:0', 'resolving:0', 'resolving:1', 'showing:1']);
  });
});

describe('a target re-rendered in two passes, or hidden, while its step shows', () => {
  it('removed, then an identical one inserted a moment later: the same view goes on, with the new element', async () => {
    vi.useFakeTimers();
    const old = add('a');
    const { runner, changes, targets } = start(tourOf([{ target: '#a', waitMs: 500 }, { title: 'Two' }]));
    await microtasks();
    old.remove();
    await vi.advanceTimersByTimeAsync(LOST_GRACE_MS / 2);
    const fresh = add('a');
    await microtasks();
    expect(runner.target).toBe(fresh);
    expect(changes).toEqual(['showing:0', 'showing:0']);
    expect(targets.at(-1)).toBe(fresh);
    // The grace's timer is gone with it: nothing is lost later.
    await vi.advanceTimersByTimeAsync(LOST_GRACE_MS * 2);
    expect(changes).toEqual(['showing:0', 'showing:0']);
  });

  it('hidden by the page (hidden attribute on what holds it): lost past the grace, as if removed', async () => {
    vi.useFakeTimers();
    const panel = document.body.appendChild(document.createElement('section'));
    const button = panel.appendChild(document.createElement('button'));
    button.id = 'a';
    // happy-dom has no layout: the hidden attribute stands for "not displayed" here.
    const checkVisibility = vi.spyOn(Element.prototype as unknown as { checkVisibility(): boolean }, 'checkVisibility').mockImplementation(function (this: Element) {
      return !this.closest('[hidden]');
    });
    const { runner, changes } = start(tourOf([{ target: '#a', waitMs: 500 }, { title: 'Two' }]));
    await microtasks();
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
    panel.hidden = true;
    await microtasks();
    await vi.advanceTimersByTimeAsync(LOST_GRACE_MS);
    expect(runner.state).toEqual({ status: 'resolving', step: 0 });
    // Shown again within the step's wait: back on it.
    panel.hidden = false;
    await vi.advanceTimersByTimeAsync(100);
    await microtasks();
    expect(changes.slice(-1)).toEqual(['showing:0']);
    checkVisibility.mockRestore();
  });
});

describe('dispose()', () => {
  it('while waiting for a target: no timer, no observer, and nothing reported afterwards', async () => {
    vi.useFakeTimers();
    const { runner, changes, missing } = start(tourOf([{ target: '#late', waitMs: 1000 }, { title: 'Two' }]));
    await microtasks();
    expect([vi.getTimerCount(), fixture.live.size]).toEqual([1, 1]);
    runner.dispose();
    expect([vi.getTimerCount(), fixture.live.size]).toEqual([0, 0]);
    add('late');
    await vi.advanceTimersByTimeAsync(5000);
    expect([changes, missing]).toEqual([[], []]);
  });

  it('while a step shows: its observer disconnected and its click listener removed', async () => {
    const a = add('a');
    const added = vi.spyOn(a, 'addEventListener');
    const removed = vi.spyOn(a, 'removeEventListener');
    const { runner, changes } = start(tourOf([{ target: '#a', advanceOn: { click: true } }, { title: 'Two' }]));
    await vi.waitFor(() => expect(changes).toEqual(['showing:0']));
    expect(fixture.live.size).toBe(1);
    expect(added.mock.calls.map(([type]) => type)).toEqual(['click']);
    runner.dispose();
    expect(fixture.live.size).toBe(0);
    expect(removed.mock.calls).toEqual([added.mock.calls[0]]);
    a.click();
    a.remove();
    await microtasks();
    expect(changes).toEqual(['showing:0']);
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
  });

  it('before the first microtask: the run never starts looking', async () => {
    vi.useFakeTimers();
    const { runner, changes } = start(tourOf([{ target: '#late' }]));
    runner.dispose();
    await microtasks();
    expect([vi.getTimerCount(), fixture.live.size, changes]).toEqual([0, 0, []]);
  });
});

describe('a step whose target is found at once after a transition', () => {
  // send() calls resolveStep(); when waitForTarget finds the target synchronously, the nested
  // send('TARGET.FOUND') attaches the step; the outer send must not attach it a second time.
  it('one observer and one click listener per shown step, after Next onto a target already in the page', async () => {
    add('a');
    const b = add('b');
    const listening = vi.spyOn(b, 'addEventListener');
    const { runner } = start(tourOf([{ target: '#a' }, { target: '#b', advanceOn: { click: true } }, { target: '#a' }, { title: 'Four' }]));
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 0 }));
    expect(fixture.live.size).toBe(1);
    runner.send({ type: 'NEXT' });
    expect(runner.state).toEqual({ status: 'showing', step: 1 });
    expect(listening.mock.calls.filter(([type]) => type === 'click')).toHaveLength(1);
    expect(fixture.live.size).toBe(1);
  });

  it('one click on an advanceOn-click target moves one step (happy-dom still calls the listener removed mid-click)', async () => {
    add('a');
    const b = add('b');
    const { runner } = start(tourOf([{ target: '#a' }, { target: '#b', advanceOn: { click: true } }, { target: '#a' }, { title: 'Four' }]));
    await vi.waitFor(() => expect(runner.state.status).toBe('showing'));
    runner.send({ type: 'NEXT' });
    b.click();
    expect(runner.state).toEqual({ status: 'showing', step: 2 });
  });
});
