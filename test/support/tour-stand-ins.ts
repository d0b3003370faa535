/**
 * Stand-ins for the unit tests of the tour runner and controller (test/dom/tour-runner*.dom.test.ts,
 * test/controller/tours*.dom.test.ts): tours built in code, a controller's host, targets added to the page, a count of
 * the MutationObservers observing, and a way to let queued microtasks run.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { createTourRunner, type TourRunner } from '../../src/dom/tour-runner';
import { createTourController, type TourHost } from '../../src/controller/tours';
import type { EventFields } from '../../src/track/tracker';
import type { TourItem, TourStep } from '../../src/manifest/schema';

export const tourOf = (steps: TourStep[], id = 'tour', extra: Partial<TourItem> = {}): TourItem => ({ id, type: 'tour', steps, ...extra });

/** An element with `id` appended to the page's body. */
export function addElement(id: string, tag = 'button'): HTMLElement {
  const el = document.createElement(tag);
  el.id = id;
  document.body.append(el);
  return el;
}

/**
 * Observers observing now (every observe() not yet followed by disconnect()), through spies on
 * MutationObserver.prototype; vi.restoreAllMocks() removes them.
 */
export function trackObservers(): Set<MutationObserver> {
  const live = new Set<MutationObserver>();
  const { observe, disconnect } = MutationObserver.prototype;
  vi.spyOn(MutationObserver.prototype, 'observe').mockImplementation(function (this: MutationObserver, ...args) {
    live.add(this);
    return observe.apply(this, args);
  });
  vi.spyOn(MutationObserver.prototype, 'disconnect').mockImplementation(function (this: MutationObserver) {
    live.delete(this);
    return disconnect.call(this);
  });
  return live;
}

/** Lets queued microtasks run (a runner's start, observers' callbacks, the steps they queue). */
export async function microtasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** A runner whose callbacks are recorded: `changes` as "status:step", the targets onChange saw, the steps onTargetMissing told. */
export function recordedRunner(tour: TourItem, extra: { startStep?: number; defaultWaitMs?: number } = {}) {
  const changes: string[] = [];
  const targets: (Element | undefined)[] = [];
  const missing: number[] = [];
  const runner = createTourRunner({
    doc: document,
    tour,
    ...extra,
    onChange: (state, target) => {
      changes.push(`${state.status}:${state.step}`);
      targets.push(target);
    },
    onTargetMissing: (step) => missing.push(step),
  });
  return { runner, changes, targets, missing };
}

/**
 * For a test file of runners: each test starts at "/" with observers tracked, and afterwards
 * every runner started is disposed, timers and spies restored, the page and path reset.
 * Returns `start` (a recorded runner, disposed after the test) and the live observers.
 */
export function runnerFixture() {
  const runners: TourRunner[] = [];
  const fixture = { live: new Set<MutationObserver>(), start(tour: TourItem, extra: { startStep?: number; defaultWaitMs?: number } = {}) {
    const run = recordedRunner(tour, extra);
    runners.push(run.runner);
    return run;
  } };
  beforeEach(() => {
    history.replaceState({}, '', '/');
    fixture.live = trackObservers();
  });
  afterEach(() => {
    runners.splice(0).forEach((r) => r.dispose());
    vi.useRealTimers();
    vi.restoreAllMocks();
    document.body.innerHTML = '';
    history.replaceState({}, '', '/');
  });
  return fixture;
}

/** A controller on a host like src/runtime/tour-runs.ts gives it, its callbacks recorded. */
export function controllerOnStandInHost() {
  const emitted: EventFields[] = [];
  const host = {
    doc: document,
    emit: vi.fn((fields: EventFields) => void emitted.push(fields)),
    onFirstShown: vi.fn<TourHost['onFirstShown']>(),
    onStep: vi.fn<TourHost['onStep']>(),
    onGoingTo: vi.fn<TourHost['onGoingTo']>(),
    onEnd: vi.fn<TourHost['onEnd']>(),
    render: vi.fn(),
    navigate: vi.fn((path: string) => history.pushState({}, '', path)),
  };
  /** "type:step" of each event the host was given. */
  const events = () => emitted.map((e) => `${e.type}:${e.step}`);
  return { controller: createTourController(host), host, emitted, events };
}
