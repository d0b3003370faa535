/**
 * The tour controller (src/controller/tours.ts) with a stand-in host like src/runtime/tour-runs.ts
 * gives it: its callbacks (onFirstShown once per run, onStep and step_viewed per step shown,
 * onEnd with reason, origin and everShown, target_not_found per missing step), focus returned to
 * the element that had it (only from the step, or from nowhere), waiting() / go() / isRunning() /
 * runningIds() / surfaces() (which steps let the page through), routeChanged, eventTracked,
 * close with each origin, and dispose(). Back, and the person's own moves, onto a step on
 * another page: tours-pages.dom.test.ts. The whole SDK with routes:
 * tours-routes.dom.test.tsx; in Chromium: tours.browser.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TourController } from '../../src/controller/tours';
import type { EventFields } from '../../src/track/tracker';
import { addElement as add, controllerOnStandInHost, microtasks, tourOf, trackObservers } from '../support/tour-stand-ins';

let live: Set<MutationObserver>;
let controller: TourController;

function standInHost() {
  const stand = controllerOnStandInHost();
  controller = stand.controller;
  return stand;
}

beforeEach(() => {
  history.replaceState({}, '', '/');
  live = trackObservers();
});

afterEach(() => {
  controller?.dispose();
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

const threeSteps = tourOf([{ target: '#a' }, { target: '#b' }, { target: '#c' }], 'tour', { version: 4 });

describe('callbacks to the host', () => {
  it('onFirstShown once per run with the first target; onStep and step_viewed per step; Next and Back say which step they left', async () => {
    const [a] = ['a', 'b', 'c'].map((id) => add(id));
    const { host, emitted, events } = standInHost();
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    controller.next('tour');
    controller.back('tour');
    controller.next('tour');
    controller.next('tour');
    expect(host.onFirstShown.mock.calls).toEqual([[threeSteps, a]]);
    expect(host.onStep.mock.calls.map(([, step]) => step)).toEqual([0, 1, 0, 1, 2]);
    expect(events()).toEqual(['step_viewed:0', 'step_next:0', 'step_viewed:1', 'step_back:1', 'step_viewed:0', 'step_next:0', 'step_viewed:1', 'step_next:1', 'step_viewed:2']);
    expect(emitted[0]).toEqual({ type: 'step_viewed', item_id: 'tour', item_type: 'tour', item_version: 4, step: 0 });
    expect(emitted[1]).toEqual({ type: 'step_next', item_id: 'tour', item_type: 'tour', item_version: 4, step: 0, origin: 'next' });
    expect(host.render).toHaveBeenCalledTimes(5);
    expect(host.navigate).not.toHaveBeenCalled();
  });

  it('Back on the first step neither moves nor emits; a second start() of a running tour is ignored', async () => {
    add('a');
    const { host, events } = standInHost();
    controller.start(threeSteps, undefined);
    controller.start(threeSteps, 2);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    controller.back('tour');
    expect(events()).toEqual(['step_viewed:0']);
    expect(controller.runningIds()).toEqual(['tour']);
  });

  it('a target lost and found again shows its step again, but is no new first showing', async () => {
    const a = add('a');
    const { host } = standInHost();
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    a.remove();
    await vi.waitFor(() => expect(controller.waiting('tour')).toEqual({ step: 0, selector: '#a' }));
    add('a');
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(2));
    expect(host.onFirstShown).toHaveBeenCalledTimes(1);
    expect(host.onStep.mock.calls.map(([, step]) => step)).toEqual([0, 0]);
  });

  it('each run is shown for the first time once: a replay after the end calls onFirstShown again', async () => {
    add('a');
    const { host } = standInHost();
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(host.onFirstShown).toHaveBeenCalledTimes(1));
    controller.close('tour', 'close');
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(host.onFirstShown).toHaveBeenCalledTimes(2));
  });
});

describe('how a run ends: onEnd(tour, reason, origin, everShown)', () => {
  it.each(['close', 'escape', 'skip', 'overlay', 'cta', 'other-tab', 'error'])('close(id, "%s") after it showed: dismissed with that origin', async (origin) => {
    add('a');
    const { host } = standInHost();
    const runningAtEnd: boolean[] = [];
    host.onEnd.mockImplementation((tour) => void runningAtEnd.push(controller.isRunning(tour.id)));
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    controller.close('tour', origin);
    expect(host.onEnd.mock.calls).toEqual([[threeSteps, 'dismissed', origin, true]]);
    // Let go before the host hears of it (tour-runs.ts decides again then).
    expect(runningAtEnd).toEqual([false]);
    expect(controller.runningIds()).toEqual([]);
    expect(live.size).toBe(0);
  });

  it('Next on the last step and done() complete the run, with no origin', async () => {
    add('a');
    const { host } = standInHost();
    const two = tourOf([{ target: '#a' }, { target: '#a' }], 'two');
    controller.start(two, 1);
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(2));
    controller.next('two');
    controller.done('tour');
    expect(host.onEnd.mock.calls).toEqual([[two, 'completed', undefined, true], [threeSteps, 'completed', undefined, true]]);
  });

  it('closed while still waiting for its first target: never shown', async () => {
    const { host, events } = standInHost();
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(controller.waiting('tour')).toEqual({ step: 0, selector: '#a' }));
    controller.close('tour', 'skip');
    expect(host.onEnd.mock.calls).toEqual([[threeSteps, 'dismissed', 'skip', false]]);
    expect([host.onFirstShown.mock.calls, events()]).toEqual([[], []]);
  });

  it('every target missing: target_not_found per step, then "target-missing", never shown', async () => {
    vi.useFakeTimers();
    const { host, emitted } = standInHost();
    controller.start(tourOf([{ target: '#x', waitMs: 100 }, { target: '#y', waitMs: 100 }]), undefined);
    await microtasks();
    await vi.advanceTimersByTimeAsync(200);
    expect(emitted).toEqual([0, 1].map((step) => ({ type: 'target_not_found', item_id: 'tour', item_type: 'tour', item_version: 1, step })));
    expect(host.onEnd.mock.calls.map((c) => c.slice(1))).toEqual([['target-missing', undefined, false]]);
    expect([vi.getTimerCount(), live.size]).toEqual([0, 0]);
  });

  it('dispose() ends no run the host hears of, and leaves no timer or observer', async () => {
    vi.useFakeTimers();
    const { host } = standInHost();
    controller.start(threeSteps, undefined);
    await microtasks();
    expect([vi.getTimerCount(), live.size]).toEqual([1, 1]);
    controller.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect([vi.getTimerCount(), live.size, controller.runningIds(), host.onEnd.mock.calls]).toEqual([0, 0, [], []]);
  });
});

describe('focus when a run ends', () => {
  /** A stand-in for the tour's step on screen (the renderer draws it in the real SDK), with a button. */
  function stepOf(tourId: string): HTMLElement {
    const step = add(`step-${tourId}`, 'div');
    step.dataset.part = 'tour-step';
    step.dataset.item = tourId;
    return step.appendChild(document.createElement('button'));
  }

  async function shownWithFocusOn(before: HTMLElement) {
    add('a');
    before.focus();
    const stand = standInHost();
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(stand.host.onStep).toHaveBeenCalledTimes(1));
    // The step takes focus while it shows.
    document.getElementById('step-tour')?.remove();
    const inStep = stepOf('tour');
    inStep.focus();
    return inStep;
  }

  it('goes back to the element that had it when the tour started (dismissed or completed)', async () => {
    const before = add('before');
    await shownWithFocusOn(before);
    controller.close('tour', 'escape');
    expect(document.activeElement).toBe(before);
    await shownWithFocusOn(before);
    controller.done('tour');
    expect(document.activeElement).toBe(before);
  });

  it('inside a shadow root: back to the element in it, not just its host', async () => {
    const host = add('widget', 'div');
    const inner = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('button'));
    await shownWithFocusOn(inner);
    controller.close('tour', 'close');
    expect(host.shadowRoot!.activeElement).toBe(inner);
  });

  it('stays where it is when that element has left the page', async () => {
    const before = add('before');
    const inStep = await shownWithFocusOn(before);
    before.remove();
    controller.close('tour', 'close');
    expect(document.activeElement).toBe(inStep);
  });

  it('lost (on <body>: an overlay click, the step gone): goes back too', async () => {
    const before = add('before');
    const inStep = await shownWithFocusOn(before);
    inStep.blur();
    expect(document.activeElement).toBe(document.body);
    controller.close('tour', 'overlay');
    expect(document.activeElement).toBe(before);
  });

  it('ended by the person acting on the page (the last step advances on a click of its target): focus stays on what they acted on', async () => {
    const before = add('before');
    const target = add('save');
    before.focus();
    const { host } = standInHost();
    const tour = tourOf([{ target: '#save', advanceOn: { click: true } }], 'act');
    controller.start(tour, undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    // A real click focuses the button it lands on (happy-dom's click() does not).
    target.focus();
    target.click();
    expect(host.onEnd.mock.calls).toEqual([[tour, 'completed', undefined, true]]);
    expect(document.activeElement).toBe(target);
  });

  it('in the page, or in another tour\'s step, when a tour is closed from code: stays there', async () => {
    const before = add('before');
    await shownWithFocusOn(before);
    const field = add('field', 'input');
    field.focus();
    controller.close('tour', 'api');
    expect(document.activeElement).toBe(field);
    await shownWithFocusOn(before);
    const other = stepOf('other');
    other.focus();
    controller.close('tour', 'api');
    expect(document.activeElement).toBe(other);
  });
});

describe('waiting(), go(), surfaces(), routeChanged and eventTracked', () => {
  const routed = tourOf([{ target: '#nav', advanceOn: { route: '/board' } }, { target: '#add', route: '/board' }], 'routed');

  it('waiting() and go(): the page a step leads to or waits for, the target it waits for', async () => {
    add('nav');
    const { host } = standInHost();
    controller.start(routed, undefined);
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    expect([controller.waiting('routed'), controller.waiting('tour'), controller.waiting('nope')]).toEqual([undefined, { step: 0, selector: '#a' }, undefined]);
    expect([controller.go('tour'), controller.go('nope')]).toEqual([false, false]);
    expect(controller.go('routed')).toBe(true);
    expect(host.navigate.mock.calls).toEqual([['/board']]);
    controller.routeChanged('/board');
    expect(controller.waiting('routed')).toEqual({ step: 1, selector: '#add' });
    history.pushState({}, '', '/');
    controller.routeChanged('/');
    expect(controller.waiting('routed')).toEqual({ step: 1, route: '/board' });
    expect(controller.go('routed')).toBe(true);
    expect(host.navigate.mock.calls).toEqual([['/board'], ['/board']]);
  });

  it('routeChanged: a step whose target the navigation removed waits for it again; a route-bound step resumes there', async () => {
    const b = add('b');
    add('add');
    const { host } = standInHost();
    controller.start(tourOf([{ target: '#b' }], 'other'), undefined);
    controller.start(routed, 1);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    expect(controller.waiting('routed')).toEqual({ step: 1, route: '/board' });
    b.remove();
    history.pushState({}, '', '/board');
    controller.routeChanged('/board');
    expect(controller.waiting('other')).toEqual({ step: 0, selector: '#b' });
    expect(controller.surfaces().map((s) => s.item.id)).toEqual(['routed']);
    expect(host.onStep.mock.calls.map(([tour, step]) => `${tour.id}:${step}`)).toEqual(['other:0', 'routed:1']);
  });

  it('eventTracked moves only the tour whose shown step waits for that event; surfaces() describe each step', async () => {
    const a = add('a');
    const { host, events, emitted } = standInHost();
    const byEvent = tourOf([{ target: '#a', placement: 'bottom', allowClicksThrough: true, advanceOn: { event: 'saved' } }, { title: 'Done' }], 'ev', { feedback: true });
    controller.start(byEvent, undefined);
    controller.start(threeSteps, undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(2));
    expect(controller.surfaces()[0]).toEqual({ item: byEvent, reference: a, tour: { step: 0, total: 2, placement: 'bottom', allowClicksThrough: true, feedback: false, advance: 'event' } });
    controller.eventTracked('opened');
    controller.eventTracked('saved');
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(3));
    expect(events()).toEqual(['step_viewed:0', 'step_viewed:0', 'step_next:0', 'step_viewed:1']);
    expect(emitted.find((e) => e.type === 'step_next')).toMatchObject({ item_id: 'ev', step: 0, origin: 'event' });
    expect(controller.surfaces().map((s) => [s.item.id, s.reference, s.tour])).toEqual([
      ['ev', undefined, { step: 1, total: 2, placement: undefined, allowClicksThrough: false, feedback: true, advance: undefined }],
      ['tour', a, { step: 0, total: 3, placement: undefined, allowClicksThrough: false, feedback: false, advance: undefined }],
    ]);
  });
});

describe('clicks through to the target', () => {
  it('let through for a step that advances on a click of its target, unless the writer says otherwise; not for the others', async () => {
    const a = add('a');
    const { host } = standInHost();
    const byClick = tourOf([{ target: '#a', advanceOn: { click: true } }, { target: '#a', advanceOn: { click: true }, allowClicksThrough: false }, { target: '#a' }], 'clicks');
    controller.start(byClick, undefined);
    const seen: boolean[] = [];
    for (let step = 0; step < 3; step++) {
      await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(step + 1));
      const [surface] = controller.surfaces();
      expect(surface.reference).toBe(a);
      seen.push(surface.tour!.allowClicksThrough);
      if (step < 2) controller.next('clicks');
    }
    expect(seen).toEqual([true, false, false]);
  });

  it('let through for a step that advances on an event (the person does it on the page), with no Next; kept out by the writer, Next moves it', async () => {
    const a = add('a');
    const { host } = standInHost();
    const byEvent = tourOf([{ target: '#a', advanceOn: { event: 'saved' } }, { target: '#a', advanceOn: { event: 'saved' }, allowClicksThrough: false }, { target: '#a' }], 'events');
    controller.start(byEvent, undefined);
    const seen: unknown[] = [];
    for (let step = 0; step < 2; step++) {
      await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(step + 1));
      const [surface] = controller.surfaces();
      expect(surface.reference).toBe(a);
      seen.push([surface.tour!.allowClicksThrough, surface.tour!.advance]);
      controller.eventTracked('saved');
    }
    expect(seen).toEqual([[true, 'event'], [false, undefined]]);
  });

  it('a step that advances on an event with no target on screen (none, or missing and centered) lets the whole page through', async () => {
    vi.useFakeTimers();
    const { host } = standInHost();
    const tour = tourOf([{ title: 'Create a project', advanceOn: { event: 'created' } }, { target: '#gone', waitMs: 100, onMissingTarget: 'center', advanceOn: { event: 'saved' } }, { title: 'Done' }], 'page');
    controller.start(tour, undefined);
    await microtasks();
    expect(controller.surfaces().map((s) => [s.reference, s.tour!.allowClicksThrough, s.tour!.advance])).toEqual([[undefined, true, 'event']]);
    controller.eventTracked('created');
    await vi.advanceTimersByTimeAsync(100);
    expect(host.onStep.mock.calls.map(([, step]) => step)).toEqual([0, 1]);
    expect(controller.surfaces().map((s) => [s.reference, s.tour!.allowClicksThrough, s.tour!.advance])).toEqual([[undefined, true, 'event']]);
  });
});

describe('step_next: every move forward, once, with what made it (origin)', () => {
  /** "type:step:origin" of each step event the host was given. */
  const trail = (emitted: EventFields[]) => emitted.map((e) => [e.type, e.step, e.origin].filter((v) => v !== undefined).join(':'));

  it('Next, a click on the target, a tracked event and "Take me there" (then the page reached) each report the step they leave', async () => {
    const a = add('a');
    const { host, emitted } = standInHost();
    const steps = tourOf([{ target: '#a' }, { target: '#a', advanceOn: { click: true } }, { target: '#a', advanceOn: { event: 'saved' } }, { target: '#a', advanceOn: { route: '/board' } }, { target: '#a' }]);
    controller.start(steps, undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    controller.next('tour');
    a.click();
    controller.eventTracked('saved');
    expect(controller.go('tour')).toBe(true);
    expect(host.navigate.mock.calls).toEqual([['/board']]);
    controller.routeChanged('/board');
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(5));
    controller.next('tour');
    expect(trail(emitted)).toEqual([
      'step_viewed:0', 'step_next:0:next', 'step_viewed:1', 'step_next:1:click', 'step_viewed:2', 'step_next:2:event',
      'step_viewed:3', 'step_next:3:route', 'step_viewed:4', 'step_next:4:next',
    ]);
    expect(host.onEnd.mock.calls).toEqual([[steps, 'completed', undefined, true]]);
  });

  it('a step passed on arrival at its advanceOn.route (a reload there) reports the move, without a step_viewed of its own', async () => {
    history.replaceState({}, '', '/board/7');
    add('a');
    const { host, emitted } = standInHost();
    controller.start(tourOf([{ target: '#a' }, { target: '#a', advanceOn: { route: '/board' } }, { target: '#a' }]), 1);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    expect(trail(emitted)).toEqual(['step_next:1:route', 'step_viewed:2']);
  });
});

describe('go() ("Take me there", and startTour() on a running tour)', () => {
  it('compares the page with advanceOn.route by whole segments: from "/projects-archive" it takes the person to "/projects"', async () => {
    history.replaceState({}, '', '/projects-archive');
    add('a');
    const { host, events } = standInHost();
    controller.start(tourOf([{ target: '#a', advanceOn: { route: '/projects' } }, { target: '#a' }]), undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    expect(controller.go('tour')).toBe(true);
    expect(host.navigate.mock.calls).toEqual([['/projects']]);
    expect(events()).toEqual(['step_viewed:0']);
  });

  it('"/" is the home page: from "/board" it takes the person home instead of moving on', async () => {
    history.replaceState({}, '', '/board');
    add('a');
    const { host, events } = standInHost();
    controller.start(tourOf([{ target: '#a', advanceOn: { route: '/' } }, { target: '#a' }]), undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    expect(controller.go('tour')).toBe(true);
    expect(host.navigate.mock.calls).toEqual([['/']]);
    expect(events()).toEqual(['step_viewed:0']);
  });

  it('on a step shown on its advanceOn page (Back onto it): moves on once, and takes the person to the next step\'s page', async () => {
    add('a');
    add('b');
    const { host, emitted } = standInHost();
    controller.start(tourOf([{ target: '#a' }, { target: '#a', advanceOn: { route: '/board' } }, { target: '#b', route: '/settings' }]), undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    controller.next('tour');
    controller.go('tour');
    controller.routeChanged('/board');
    expect(controller.waiting('tour')).toEqual({ step: 2, route: '/settings' });
    controller.back('tour');
    await vi.waitFor(() => expect(controller.surfaces().map((s) => s.tour?.step)).toEqual([1]));
    host.navigate.mockClear();
    emitted.length = 0;
    expect(controller.go('tour')).toBe(true);
    expect(host.navigate.mock.calls).toEqual([['/settings']]);
    expect(emitted.filter((e) => e.type === 'step_next')).toEqual([{ type: 'step_next', item_id: 'tour', item_type: 'tour', item_version: 1, step: 1, origin: 'route' }]);
  });

  it('on a last step reached with Next, still waiting for its target on its advanceOn page: does nothing, and never completes the tour', async () => {
    history.replaceState({}, '', '/board');
    add('a');
    const { host, emitted } = standInHost();
    controller.start(tourOf([{ target: '#a' }, { target: '#late', waitMs: 60_000, advanceOn: { route: '/board' } }]), undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    controller.next('tour');
    await vi.waitFor(() => expect(controller.waiting('tour')).toEqual({ step: 1, selector: '#late' }));
    emitted.length = 0;
    expect(controller.go('tour')).toBe(false);
    expect([host.onEnd.mock.calls, host.navigate.mock.calls, emitted]).toEqual([[], [], []]);
    expect(controller.isRunning('tour')).toBe(true);
  });

  it('on a step still waiting for its target elsewhere: does not take the person past it to its advanceOn page', async () => {
    const { host, emitted } = standInHost();
    controller.start(tourOf([{ target: '#late', waitMs: 60_000, advanceOn: { route: '/board' } }, { target: '#a' }]), undefined);
    await vi.waitFor(() => expect(controller.waiting('tour')).toEqual({ step: 0, selector: '#late' }));
    expect(controller.go('tour')).toBe(false);
    expect([host.navigate.mock.calls, emitted]).toEqual([[], []]);
  });
});

describe('a step on another page, in an app without a router (a full page load)', () => {
  it('Next saves the step it goes to (onGoingTo) before navigating; with a router the step then shows once', async () => {
    add('a');
    add('b');
    const { host, emitted } = standInHost();
    const order: string[] = [];
    host.onGoingTo.mockImplementation((_tour, step) => void order.push(`save:${step}`));
    host.navigate.mockImplementation((path) => {
      order.push(`navigate:${path}`);
      history.pushState({}, '', path);
    });
    controller.start(tourOf([{ target: '#a' }, { target: '#b', route: '/board' }, { target: '#a', route: '/board' }]), undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    controller.next('tour');
    expect(order).toEqual(['save:1', 'navigate:/board']);
    controller.routeChanged('/board');
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(2));
    expect(emitted.map((e) => `${e.type}:${e.step}`)).toEqual(['step_viewed:0', 'step_next:0', 'step_viewed:1']);
    expect(host.onGoingTo.mock.calls.map(([, step]) => step)).toEqual([1]);
  });

  it('resumed at its last step on that step\'s advanceOn page (where "Take me there" loaded): completes once, as seen', async () => {
    history.replaceState({}, '', '/done');
    add('a');
    const { host, emitted } = standInHost();
    const tour = tourOf([{ target: '#a' }, { target: '#a', advanceOn: { route: '/done' } }]);
    controller.start(tour, 1);
    await vi.waitFor(() => expect(host.onEnd).toHaveBeenCalledTimes(1));
    expect(host.onEnd.mock.calls).toEqual([[tour, 'completed', undefined, true]]);
    expect(emitted.map((e) => [e.type, e.step, e.origin])).toEqual([['step_next', 1, 'route']]);
    expect(host.onStep).not.toHaveBeenCalled();
  });
});
