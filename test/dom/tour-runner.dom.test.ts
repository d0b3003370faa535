/**
 * The state machine of one tour run (src/dom/tour-runner.ts), driven through createTourRunner's
 * own API: finding a step's target (at once, or later through a DOM mutation), a target missing
 * after waitMs (skipped, centered or ending the tour, told through onTargetMissing), steps that
 * live on another route (with or without a target; leaving the page stops the wait), and
 * advanceOn click / event / route (not on a step entered with Back). Back over a step whose
 * target is missing: tour-runner-back.dom.test.ts. Next,
 * Back, the end of a run, lost targets and dispose(): tour-runner-lifecycle.dom.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTourRunner, type TourRunner } from '../../src/dom/tour-runner';
import type { TourItem } from '../../src/manifest/schema';
import { addElement as add, microtasks, runnerFixture, tourOf } from '../support/tour-stand-ins';

const fixture = runnerFixture();
const start = fixture.start;

describe('finding a step\'s target', () => {
  it('resolves on the next microtask (the caller subscribes first), then shows the step on its target', async () => {
    const a = add('a');
    const { runner, changes, targets } = start(tourOf([{ target: '#a' }, { target: '#b' }]));
    expect(runner.state).toEqual({ status: 'resolving', step: 0 });
    expect(changes).toEqual([]);
    await vi.waitFor(() => expect(changes).toEqual(['showing:0']));
    expect(targets).toEqual([a]);
    expect(runner.target).toBe(a);
    expect(runner.waitingFor()).toBeUndefined();
  });

  it('waits for a target that appears later (a DOM mutation), saying what it waits for', async () => {
    vi.useFakeTimers();
    const { runner, changes } = start(tourOf([{ target: { selector: '#late', fallbacks: ['.late'] }, waitMs: 5000 }]));
    await microtasks();
    expect(runner.waitingFor()).toEqual({ selector: '#late | .late' });
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(4000);
    const late = add('late');
    await microtasks();
    expect(changes).toEqual(['showing:0']);
    expect(runner.target).toBe(late);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a step without a target shows with none', async () => {
    const { runner, changes } = start(tourOf([{ title: 'Welcome' }]));
    await vi.waitFor(() => expect(changes).toEqual(['showing:0']));
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
    expect(runner.target).toBeUndefined();
  });

  it('starts at a valid saved step, and at the first for an out-of-range one', async () => {
    add('a');
    add('b');
    const saved = start(tourOf([{ target: '#a' }, { target: '#b' }]), { startStep: 1 });
    const wrong = start(tourOf([{ target: '#a' }, { target: '#b' }]), { startStep: 7 });
    await vi.waitFor(() => expect([saved.changes, wrong.changes]).toEqual([['showing:1'], ['showing:0']]));
  });
});

describe('a target that never appears within waitMs', () => {
  beforeEach(() => vi.useFakeTimers());

  it('is skipped by default: onTargetMissing(step) first, then onChange with the next step only', async () => {
    const { runner, changes, missing } = start(tourOf([{ target: '#never', waitMs: 1000 }, { title: 'Second' }]));
    await microtasks();
    await vi.advanceTimersByTimeAsync(999);
    expect(runner.state).toEqual({ status: 'resolving', step: 0 });
    expect(missing).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(missing).toEqual([0]);
    await microtasks();
    expect(changes).toEqual(['resolving:1', 'showing:1']);
  });

  it('uses defaultWaitMs when the step sets no waitMs', async () => {
    const { runner, missing } = start(tourOf([{ target: '#never' }, { title: 'Second' }]), { defaultWaitMs: 250 });
    await microtasks();
    await vi.advanceTimersByTimeAsync(250);
    expect(missing).toEqual([0]);
    await microtasks();
    expect(runner.state).toEqual({ status: 'showing', step: 1 });
  });

  it('waits 3000 ms when neither the step nor the runner says', async () => {
    const { missing } = start(tourOf([{ target: '#never' }, { title: 'Second' }]));
    await microtasks();
    await vi.advanceTimersByTimeAsync(2999);
    expect(missing).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(missing).toEqual([0]);
  });

  it('ends the tour (reason "target-missing", no origin) with onMissingTarget "end", and on the last step', async () => {
    const ending = start(tourOf([{ target: '#never', waitMs: 100, onMissingTarget: 'end' }, { title: 'Second' }]));
    const last = start(tourOf([{ title: 'First' }, { target: '#never', waitMs: 100 }]), { startStep: 1 });
    await microtasks();
    await vi.advanceTimersByTimeAsync(100);
    expect(ending.runner.state).toEqual({ status: 'ended', step: 0, reason: 'target-missing' });
    expect(ending.changes).toEqual(['ended:0']);
    expect(ending.missing).toEqual([0]);
    expect(last.runner.state).toEqual({ status: 'ended', step: 1, reason: 'target-missing' });
    expect(last.missing).toEqual([1]);
    expect(vi.getTimerCount()).toBe(0);
    expect(fixture.live.size).toBe(0);
  });

  it('shows the step centered with onMissingTarget "center"; losing no target there changes nothing', async () => {
    const { runner, changes } = start(tourOf([{ target: '#never', waitMs: 100, onMissingTarget: 'center' }, { title: 'Second' }]));
    await microtasks();
    await vi.advanceTimersByTimeAsync(100);
    expect(runner.state).toEqual({ status: 'showing', step: 0, centered: true });
    expect(runner.target).toBeUndefined();
    runner.send({ type: 'TARGET.LOST' });
    expect(changes).toEqual(['showing:0']);
  });
});

describe('routes and advanceOn', () => {
  it('a step on another route waits for it (no timer, no observer), then finds its target there', async () => {
    vi.useFakeTimers();
    const { runner, changes } = start(tourOf([{ target: '#add-task', route: '/board', waitMs: 100 }]));
    await microtasks();
    expect(runner.waitingFor()).toEqual({ route: '/board' });
    expect(vi.getTimerCount()).toBe(0);
    expect(fixture.live.size).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    runner.routeChanged('/projects');
    expect(runner.state).toEqual({ status: 'resolving', step: 0 });
    history.pushState({}, '', '/board/42');
    const el = add('add-task');
    runner.routeChanged('/board/42');
    expect(changes).toEqual(['showing:0']);
    expect(runner.target).toBe(el);
  });

  it('advanceOn.route: the step moves on at the route or a page below it; on the last step the tour completes', async () => {
    add('nav');
    const { runner, changes } = start(tourOf([{ target: '#nav', advanceOn: { route: '/board' } }, { target: '#nav', advanceOn: { route: '/done' } }]));
    await vi.waitFor(() => expect(changes).toEqual(['showing:0']));
    runner.routeChanged('/projects');
    expect(runner.state.step).toBe(0);
    runner.routeChanged('/board/7');
    expect(changes).toEqual(['showing:0', 'showing:1']);
    runner.routeChanged('/done');
    expect(runner.state).toEqual({ status: 'ended', step: 1, reason: 'completed' });
  });

  it('a step whose advanceOn.route the person is already on is passed without showing (not the last one)', async () => {
    history.replaceState({}, '', '/board');
    add('a');
    const { runner, changes } = start(tourOf([{ target: '#a', advanceOn: { route: '/board' } }, { target: '#a', advanceOn: { route: '/board' } }]));
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 1 }));
    expect(changes).toEqual(['showing:1']);
  });

  it('the last step, on its advanceOn.route page: completes the tour where the run resumed at it (a page load there), shows where Next reached it', async () => {
    history.replaceState({}, '', '/done');
    add('a');
    const tour = tourOf([{ target: '#a' }, { target: '#a', advanceOn: { route: '/done' } }]);
    const resumed = start(tour, { startStep: 1 });
    await vi.waitFor(() => expect(resumed.runner.state).toEqual({ status: 'ended', step: 1, reason: 'completed' }));
    expect(resumed.changes).toEqual(['ended:1']);
    const walked = start(tour);
    await vi.waitFor(() => expect(walked.changes).toEqual(['showing:0']));
    walked.runner.send({ type: 'NEXT' });
    await vi.waitFor(() => expect(walked.changes).toEqual(['showing:0', 'showing:1']));
    expect(walked.runner.state).toEqual({ status: 'showing', step: 1 });
  });

  it('a step whose advanceOn.route the person is on shows when they come back to it with Back, and moves on with the next navigation', async () => {
    history.replaceState({}, '', '/');
    add('a');
    add('b');
    const { runner, changes } = start(tourOf([{ target: '#a' }, { target: '#a', advanceOn: { route: '/board' } }, { target: '#b' }]));
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 0 }));
    runner.send({ type: 'NEXT' });
    history.pushState({}, '', '/board');
    runner.routeChanged('/board');
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 2 }));
    runner.send({ type: 'BACK' });
    await microtasks();
    expect(runner.state).toEqual({ status: 'showing', step: 1 });
    runner.routeChanged('/board/7');
    expect(runner.state).toEqual({ status: 'showing', step: 2 });
    expect(changes).toEqual(['showing:0', 'showing:1', 'showing:2', 'showing:1', 'showing:2']);
  });

  it('advanceOn.event: only the named event, and only while the step shows', async () => {
    vi.useFakeTimers();
    const { runner, changes } = start(tourOf([{ target: '#a', advanceOn: { event: 'saved' }, waitMs: 60_000 }, { title: 'Two' }]));
    await microtasks();
    runner.eventTracked('saved');
    expect(runner.state).toEqual({ status: 'resolving', step: 0 });
    add('a');
    await microtasks();
    runner.eventTracked('opened');
    expect(changes).toEqual(['showing:0']);
    runner.eventTracked('saved');
    expect(runner.state).toEqual({ status: 'resolving', step: 1 });
  });

  it('advanceOn.click: a click on the target moves on, a click elsewhere does not', async () => {
    const a = add('a');
    const other = add('other');
    add('b');
    const { runner } = start(tourOf([{ target: '#a', advanceOn: { click: true } }, { target: '#b' }, { title: 'Three' }]));
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 0 }));
    other.click();
    expect(runner.state.step).toBe(0);
    a.click();
    expect(runner.state).toEqual({ status: 'showing', step: 1 });
  });
});

describe('a step without a target that lives on another page', () => {
  it('waits for its route like a step with a target', async () => {
    const { runner, changes } = start(tourOf([{ title: 'Your board', route: '/board' }]));
    expect(runner.waitingFor()).toEqual({ route: '/board' });
    await microtasks();
    expect(changes).toEqual([]);
    expect(runner.state).toEqual({ status: 'resolving', step: 0 });
  });
});

describe('the browser\'s Back (a history traversal) from a step\'s page, after the previous step moved on at its advanceOn.route', () => {
  /** To `path` through the session history (the browser's Back or Forward, as popstate tells it). */
  const navigate = (runner: { routeChanged(path: string, traversal?: boolean): void }, path: string) => {
    history.pushState({}, '', path);
    runner.routeChanged(path, true);
  };

  it('goes back to that step where it lives, and moves on again with the next navigation there', async () => {
    history.replaceState({}, '', '/');
    add('nav');
    add('add');
    const tour = tourOf([{ target: '#nav', advanceOn: { route: '/board' } }, { target: '#add', route: '/board' }, { title: 'Done' }]);
    const { runner, changes } = start(tour);
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 0 }));
    navigate(runner, '/board');
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 1 }));
    // Back to "/": step 1 lives on /board; step 0 moved on at /board and shows anywhere.
    navigate(runner, '/');
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 0 }));
    expect(runner.waitingFor()).toBeUndefined();
    navigate(runner, '/board/7');
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 1 }));
    expect(changes).toEqual(['showing:0', 'showing:1', 'showing:0', 'showing:1']);
  });

  it('also while the step still looks for its target; a page below the advanceOn.route keeps the step', async () => {
    vi.useFakeTimers();
    history.replaceState({}, '', '/');
    add('nav');
    const { runner, missing } = start(tourOf([{ target: '#nav', advanceOn: { route: '/board' } }, { target: '#later', route: '/board', waitMs: 1000 }, { title: 'Three' }]));
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 0 }));
    navigate(runner, '/board');
    expect(runner.state).toEqual({ status: 'resolving', step: 1 });
    navigate(runner, '/board/7');
    expect(runner.state).toEqual({ status: 'resolving', step: 1 });
    navigate(runner, '/settings');
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 0 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(missing).toEqual([]);
  });

  it('a link or the app\'s own navigation away (not the history) keeps the step waiting for its page', async () => {
    history.replaceState({}, '', '/');
    add('nav');
    add('add');
    const { runner } = start(tourOf([{ target: '#nav', advanceOn: { route: '/board' } }, { target: '#add', route: '/board' }]));
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 0 }));
    navigate(runner, '/board');
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 1 }));
    history.pushState({}, '', '/');
    runner.routeChanged('/', false);
    expect(runner.state).toEqual({ status: 'resolving', step: 1 });
    expect(runner.waitingFor()).toEqual({ route: '/board' });
  });

  it('a step that shows on any page stays (the person may go anywhere); so does one whose previous step lives elsewhere or moved on otherwise (it waits for its page)', async () => {
    history.replaceState({}, '', '/');
    add('nav');
    const anywhere = start(tourOf([{ target: '#nav', advanceOn: { route: '/board' } }, { target: '#nav' }]));
    await vi.waitFor(() => expect(anywhere.runner.state).toEqual({ status: 'showing', step: 0 }));
    navigate(anywhere.runner, '/board');
    await vi.waitFor(() => expect(anywhere.runner.state).toEqual({ status: 'showing', step: 1 }));
    navigate(anywhere.runner, '/');
    expect(anywhere.runner.state).toEqual({ status: 'showing', step: 1 });
    anywhere.runner.dispose();
    history.replaceState({}, '', '/board');
    add('add');
    const routed = start(tourOf([{ title: 'One', route: '/start', advanceOn: { route: '/board' } }, { target: '#add', route: '/board' }]), { startStep: 1 });
    await vi.waitFor(() => expect(routed.runner.state).toEqual({ status: 'showing', step: 1 }));
    navigate(routed.runner, '/settings');
    expect(routed.runner.state).toEqual({ status: 'resolving', step: 1 });
    expect(routed.runner.waitingFor()).toEqual({ route: '/board' });
    routed.runner.dispose();
    history.replaceState({}, '', '/board');
    const clicked = start(tourOf([{ title: 'One', advanceOn: { click: true } }, { target: '#add', route: '/board' }]), { startStep: 1 });
    await vi.waitFor(() => expect(clicked.runner.state).toEqual({ status: 'showing', step: 1 }));
    navigate(clicked.runner, '/');
    expect(clicked.runner.state).toEqual({ status: 'resolving', step: 1 });
  });
});

describe('leaving a route-bound step\'s page while its target is awaited', () => {
  it('stops looking for the target and waits for the page again (no timer, no target_not_found)', async () => {
    vi.useFakeTimers();
    history.replaceState({}, '', '/board');
    const { runner, missing } = start(tourOf([{ title: 'One' }, { target: '#add', route: '/board', waitMs: 1000 }, { title: 'Three' }]), { startStep: 1 });
    await microtasks();
    expect(runner.waitingFor()).toEqual({ selector: '#add' });
    history.pushState({}, '', '/');
    runner.routeChanged('/');
    expect(runner.waitingFor()).toEqual({ route: '/board' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(missing).toEqual([]);
    expect(runner.state).toEqual({ status: 'resolving', step: 1 });
    expect([vi.getTimerCount(), fixture.live.size]).toEqual([0, 0]);
  });
});

describe('advanceOn.route is compared like a step\'s route: by whole path segments', () => {
  it('"/projects" moves on at "/projects/42", not at "/projects-archive"; "/" only on the home page', async () => {
    add('a');
    const { runner, changes } = start(tourOf([{ target: '#a', advanceOn: { route: '/projects' } }, { target: '#a', advanceOn: { route: '/' } }, { target: '#a' }]));
    await vi.waitFor(() => expect(changes).toEqual(['showing:0']));
    const navigate = (path: string) => {
      history.pushState({}, '', path);
      runner.routeChanged(path);
    };
    navigate('/projects-archive');
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
    navigate('/projects/42');
    // Step 1 moves on at "/" only: on "/projects/42" it shows instead of being passed.
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 1 }));
    navigate('/board');
    expect(runner.state).toEqual({ status: 'showing', step: 1 });
    navigate('/');
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 2 }));
    expect(changes).toEqual(['showing:0', 'showing:1', 'showing:2']);
  });

  it('a step is not passed on a page whose path merely starts with its advanceOn.route', async () => {
    history.replaceState({}, '', '/projects-archive');
    add('a');
    const { runner, changes } = start(tourOf([{ target: '#a', advanceOn: { route: '/projects' } }, { title: 'Two' }]));
    await vi.waitFor(() => expect(changes).toEqual(['showing:0']));
    expect(runner.state).toEqual({ status: 'showing', step: 0 });
  });
});

describe('a step\'s page: its route or a page below it, unless another step lives on a more specific route there', () => {
  it('steps on "/projects", "/projects/42", "/projects": on "/projects/42" the last step waits for its page; on "/projects/7" it shows', async () => {
    history.replaceState({}, '', '/projects/42');
    add('a');
    const { runner, changes } = start(tourOf([{ target: '#a', route: '/projects' }, { target: '#a', route: '/projects/42' }, { target: '#a', route: '/projects/' }]), { startStep: 1 });
    await vi.waitFor(() => expect(changes).toEqual(['showing:1']));
    runner.send({ type: 'NEXT' });
    expect(runner.waitingFor()).toEqual({ route: '/projects/' });
    history.pushState({}, '', '/projects/7');
    runner.routeChanged('/projects/7');
    await vi.waitFor(() => expect(changes).toEqual(['showing:1', 'resolving:2', 'showing:2']));
    runner.send({ type: 'BACK' });
    expect(runner.waitingFor()).toEqual({ route: '/projects/42' });
  });
});

describe('onNext: every move forward is told once, with what made it', () => {
  const runners: TourRunner[] = [];
  afterEach(() => void runners.splice(0).forEach((r) => r.dispose()));

  /** A runner whose onNext and onChange calls are recorded in one trail, in order. */
  function told(tour: TourItem, startStep?: number) {
    const trail: string[] = [];
    const runner = createTourRunner({
      doc: document,
      tour,
      startStep,
      onNext: (step, origin) => trail.push(`next:${step}:${origin}`),
      onChange: (state) => trail.push(`${state.status}:${state.step}`),
    });
    runners.push(runner);
    return { runner, trail };
  }

  it('Next, a click on the target, a tracked event and a route reached each report the step they leave, before the next one shows', async () => {
    const a = add('a');
    const { runner, trail } = told(tourOf([{ target: '#a' }, { target: '#a', advanceOn: { click: true } }, { target: '#a', advanceOn: { event: 'saved' } }, { target: '#a', advanceOn: { route: '/board' } }, { target: '#a' }]));
    await vi.waitFor(() => expect(trail).toEqual(['showing:0']));
    runner.send({ type: 'NEXT' });
    expect(runner.state).toEqual({ status: 'showing', step: 1 });
    a.click();
    expect(runner.state).toEqual({ status: 'showing', step: 2 });
    runner.eventTracked('saved');
    expect(runner.state).toEqual({ status: 'showing', step: 3 });
    history.pushState({}, '', '/board');
    runner.routeChanged('/board');
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 4 }));
    runner.send({ type: 'NEXT' }, 'next');
    expect(trail).toEqual([
      'showing:0', 'next:0:next', 'showing:1', 'next:1:click', 'showing:2', 'next:2:event', 'showing:3', 'next:3:route', 'showing:4', 'next:4:next', 'ended:4',
    ]);
  });

  it('a step passed because the person is already on its advanceOn.route (a page load there) reports that move once', async () => {
    history.replaceState({}, '', '/board');
    add('a');
    const { runner, trail } = told(tourOf([{ target: '#a' }, { target: '#a', advanceOn: { route: '/board' } }, { target: '#a' }]), 1);
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 2 }));
    await microtasks();
    expect(trail).toEqual(['next:1:route', 'showing:2']);
  });

  it('a step passed on arrival is not moved twice when a route change moved it on first', async () => {
    history.replaceState({}, '', '/board');
    add('a');
    const { runner, trail } = told(tourOf([{ target: '#a', advanceOn: { route: '/board' } }, { target: '#a' }, { target: '#a' }]));
    // The navigation is told in the same task as the run starts: the step moves on once, not twice.
    await Promise.resolve();
    runner.routeChanged('/board');
    await vi.waitFor(() => expect(runner.state).toEqual({ status: 'showing', step: 1 }));
    await microtasks();
    expect(trail).toEqual(['next:0:route', 'showing:1']);
  });

  it('nothing that does not move it forward is told: Back, Done, Close, a missing target, a Next once ended', async () => {
    vi.useFakeTimers();
    add('a');
    const { runner, trail } = told(tourOf([{ target: '#a' }, { target: '#never', waitMs: 100 }, { target: '#a' }, { target: '#a' }]));
    await microtasks();
    runner.send({ type: 'NEXT' });
    await vi.advanceTimersByTimeAsync(100);
    await microtasks();
    runner.send({ type: 'BACK' });
    runner.send({ type: 'DONE' });
    runner.send({ type: 'NEXT' });
    runner.send({ type: 'CLOSE', origin: 'close' });
    // Step 1's target is missing: skipped to step 2 with no move reported; Back passes over it
    // (missing in this run: not waited for again) to step 0, which Done then completes.
    expect(trail).toEqual(['showing:0', 'next:0:next', 'resolving:1', 'showing:2', 'showing:0', 'ended:0']);
  });
});
