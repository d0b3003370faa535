/**
 * The tour controller (src/controller/tours.ts) when a run moves on to a step that lives on
 * another page: Back saves it (onGoingTo) and takes the person there, as Next does, also when a
 * missing target is passed over on the way back; a move the person made (a click on a link target,
 * an event) saves it at once, before a page load can unload this page, and leaves the navigating
 * to the link or the app. (Next onto another page: tours.dom.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TourController } from '../../src/controller/tours';
import { addElement as add, controllerOnStandInHost, microtasks, tourOf } from '../support/tour-stand-ins';

let controller: TourController;

/** A host like src/runtime/tour-runs.ts gives the controller, its callbacks recorded. */
function standInHost() {
  const stand = controllerOnStandInHost();
  controller = stand.controller;
  return stand;
}

beforeEach(() => history.replaceState({}, '', '/'));

afterEach(() => {
  controller?.dispose();
  vi.useRealTimers();
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('Back onto a step on another page', () => {
  it('saves that step (onGoingTo), then takes the person there, as Next does', async () => {
    add('a');
    add('b');
    history.replaceState({}, '', '/board');
    const { host, events } = standInHost();
    const order: string[] = [];
    host.onGoingTo.mockImplementation((_tour, step) => void order.push(`save:${step}`));
    host.navigate.mockImplementation((path) => {
      order.push(`navigate:${path}`);
      history.pushState({}, '', path);
    });
    controller.start(tourOf([{ target: '#a', route: '/' }, { target: '#b', route: '/board' }]), 1);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    controller.back('tour');
    expect(order).toEqual(['save:0', 'navigate:/']);
    controller.routeChanged('/');
    await vi.waitFor(() => expect(controller.surfaces().map((s) => s.tour?.step)).toEqual([0]));
    expect(events()).toEqual(['step_viewed:1', 'step_back:1', 'step_viewed:0']);
  });

  it('passing over a step whose target went missing on the way back: takes the person to the earlier step\'s page', async () => {
    vi.useFakeTimers();
    add('a');
    add('b');
    add('c');
    history.replaceState({}, '', '/board');
    const { host } = standInHost();
    controller.start(tourOf([{ target: '#a', route: '/' }, { target: '#b', route: '/board', waitMs: 100 }, { target: '#c', route: '/board' }]), 1);
    await microtasks();
    controller.next('tour');
    document.getElementById('b')!.remove();
    controller.back('tour');
    expect(host.navigate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(host.navigate.mock.calls).toEqual([['/']]);
    expect(host.onGoingTo.mock.calls.map(([, step]) => step)).toEqual([0]);
  });
});

describe('the run moved on by the person, onto a step on another page', () => {
  it('a click on a link target (no router: the page unloads next): the step reached is saved at once, and the link does the navigating', async () => {
    const link = add('nav', 'a');
    const { host, emitted } = standInHost();
    const tour = tourOf([{ target: '#nav', advanceOn: { click: true } }, { target: '#add', route: '/board' }]);
    controller.start(tour, undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    link.click();
    expect(host.onGoingTo.mock.calls).toEqual([[tour, 1]]);
    expect(host.navigate).not.toHaveBeenCalled();
    expect(emitted.map((e) => `${e.type}:${e.step}`)).toEqual(['step_viewed:0', 'step_next:0']);
  });

  it('an event: saved, not navigated to (the app goes where it goes)', async () => {
    add('a');
    const { host } = standInHost();
    controller.start(tourOf([{ target: '#a', advanceOn: { event: 'saved' } }, { title: 'Board', route: '/board' }]), undefined);
    await vi.waitFor(() => expect(host.onStep).toHaveBeenCalledTimes(1));
    controller.eventTracked('saved');
    expect(host.onGoingTo.mock.calls.map(([, step]) => step)).toEqual([1]);
    expect(host.navigate).not.toHaveBeenCalled();
  });
});
