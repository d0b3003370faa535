/**
 * Back over a step whose target is missing (src/dom/tour-runner.ts with the engine's backward
 * pass): passed over to the step before it instead of bouncing forward to where Back was pressed,
 * never ending the run (not even with onMissingTarget "end"), back to the step Back came from
 * when no earlier step shows; a step missing earlier in the run is looked for once, not waited
 * for again, and told to onTargetMissing once.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TourStep } from '../../src/manifest/schema';
import { addElement as add, microtasks, runnerFixture, tourOf } from '../support/tour-stand-ins';

const fixture = runnerFixture();
const start = fixture.start;

describe('Back over a step whose target is missing', () => {
  beforeEach(() => vi.useFakeTimers());

  /** Steps 0 and 2 on the page, step 1's target never there; shown at step 2 after step 1 was skipped. */
  async function pastSkippedStep(middle: Partial<TourStep> = {}, first: Partial<TourStep> = {}) {
    add('a');
    add('c');
    const run = start(tourOf([{ target: '#a', ...first }, { target: '#never', waitMs: 1000, ...middle }, { target: '#c' }]));
    await microtasks();
    run.runner.send({ type: 'NEXT' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(run.runner.state).toEqual({ status: 'showing', step: 2 });
    expect(run.missing).toEqual([1]);
    return run;
  }

  it('skipped in this run: passed over at once to the step before it (no wait, no second onTargetMissing)', async () => {
    const { runner, changes, missing } = await pastSkippedStep();
    runner.send({ type: 'BACK' });
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
    expect(vi.getTimerCount()).toBe(0);
    expect(missing).toEqual([1]);
    expect(changes).toEqual(['showing:0', 'resolving:1', 'showing:2', 'showing:0']);
  });

  it('with onMissingTarget "end" (its target gone since it showed): Back reaches the step before it, and never ends the run', async () => {
    add('a');
    const b = add('b');
    add('c');
    const { runner, missing } = start(tourOf([{ target: '#a' }, { target: '#b', waitMs: 1000, onMissingTarget: 'end' }, { target: '#c' }]));
    await microtasks();
    runner.send({ type: 'NEXT' });
    runner.send({ type: 'NEXT' });
    b.remove();
    runner.send({ type: 'BACK' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(missing).toEqual([1]);
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
  });

  it('not yet known missing (a resumed run): waited for once, then passed over backwards', async () => {
    add('a');
    add('c');
    const { runner, missing } = start(tourOf([{ target: '#a' }, { target: '#never', waitMs: 1000, onMissingTarget: 'end' }, { target: '#c' }]), { startStep: 2 });
    await microtasks();
    runner.send({ type: 'BACK' });
    expect(runner.state).toEqual({ status: 'resolving', step: 1, backFrom: 2 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(missing).toEqual([1]);
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
  });

  it('no earlier step to show: back to the step Back was pressed on', async () => {
    const { runner, changes } = await pastSkippedStep({}, { target: '#gone' });
    document.getElementById('a')!.remove();
    runner.send({ type: 'BACK' });
    // Step 1 passed over at once; step 0's target gone: waited for, then back to step 2.
    await vi.advanceTimersByTimeAsync(3000);
    expect(runner.state).toEqual({ status: 'showing', step: 2 });
    expect(changes.slice(-2)).toEqual(['resolving:0', 'showing:2']);
  });

  it('a step missing earlier whose target is there now shows again (looked for once, not skipped for good)', async () => {
    const { runner, missing } = await pastSkippedStep();
    add('never');
    runner.send({ type: 'BACK' });
    expect(runner.state).toEqual({ status: 'showing', step: 1 });
    expect(missing).toEqual([1]);
  });

  it('Next onto a step missing earlier in the run passes it at once too', async () => {
    const { runner } = await pastSkippedStep();
    runner.send({ type: 'BACK' });
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
    runner.send({ type: 'NEXT' });
    expect(runner.state).toEqual({ status: 'showing', step: 2 });
    expect(vi.getTimerCount()).toBe(0);
  });
});
