/**
 * src/runtime/navigate.ts: taking the person to a page of this app (a tour's Next onto another
 * page, "Take me there", a checklist task's url). Callers rely on: only a path of this app is
 * followed (no other host, no `javascript:`; a compiled manifest is not validated), reported as
 * a manifest error otherwise; the host's router (`navigate`) is used when given, at once; else
 * the progress and the events just emitted are flushed first, for a second at most, and the page
 * is loaded unless the instance was destroyed meanwhile; nothing is ever thrown. The runtime and
 * its document are stand-ins: no page is really left.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GuidepostError } from '../../src/errors';
import type { Guidepost, GuidepostOptions } from '../../src/options';
import { navigateInApp } from '../../src/runtime/navigate';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import type { ProgressStore } from '../../src/store/progress-store';

/** A promise with its resolve and reject. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup(options: Partial<GuidepostOptions> = {}, flushes: { progress?: Promise<void> | null; events?: Promise<boolean> } = {}) {
  const errors: GuidepostError[] = [];
  const rt: Runtime = createRuntime({ manifest: {}, onError: (error) => errors.push(error), ...options });
  const assign = vi.fn<(url: string) => void>();
  rt.doc = { location: { assign } } as unknown as Document;
  const flushBeforeNavigation = vi.fn((_timeoutMs?: number) => flushes.events ?? Promise.resolve(true));
  rt.api = { flushBeforeNavigation } as unknown as Guidepost;
  const progressFlush = vi.fn(() => flushes.progress ?? Promise.resolve());
  if (flushes.progress !== null) rt.progress = { flush: progressFlush } as unknown as ProgressStore;
  return { rt, errors, assign, flushBeforeNavigation, progressFlush };
}

/** Lets the promise chain in navigateInApp run (no timers). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

afterEach(() => {
  vi.useRealTimers();
});

describe('which routes are followed', () => {
  it.each(['/', '/board', '/projects/42/edit', '/search?q=a%20b&x=1#results', '/a/b.html', '/é', '/a:b', '/~user', '/a//b'])('%s: a path of this app, followed', (path) => {
    const navigate = vi.fn();
    const { rt, errors } = setup({ navigate });
    navigateInApp(rt, path);
    expect(navigate).toHaveBeenCalledWith(path);
    expect(errors).toEqual([]);
  });

  it.each([
    ['another host', '//evil.example/board'],
    ['another host, with a backslash browsers read as a slash', '/\\evil.example/board'],
    ['a backslash anywhere', '/board\\x'],
    ['a script URL', 'javascript:alert(1)'],
    ['an absolute URL', 'https://evil.example/'],
    ['a relative path', 'board'],
    ['a path with a space', '/a b'],
    ['a path with a tab or line break', '/a\tb'],
    ['a path with a newline at its end', '/board\n'],
    ['nothing', ''],
  ])('%s is not followed, and reported as a manifest problem', async (_what, path) => {
    const navigate = vi.fn();
    const { rt, errors, assign, flushBeforeNavigation } = setup({ navigate });
    navigateInApp(rt, path);
    await settle();
    expect(navigate).not.toHaveBeenCalled();
    expect(assign).not.toHaveBeenCalled();
    expect(flushBeforeNavigation).not.toHaveBeenCalled();
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('manifest');
    expect(errors[0].message).toBe(`the route ${JSON.stringify(path)} is not a path of this app; not followed`);
  });

  it('a refused route is quoted at most 200 characters long in the report', () => {
    const { rt, errors } = setup({ navigate: vi.fn() });
    const path = `//evil.example/${'x'.repeat(10_000)}`;
    navigateInApp(rt, path);
    expect(errors[0].message).toBe(`the route ${JSON.stringify(path.slice(0, 200))} is not a path of this app; not followed`);
  });
});

describe("with the host's router (`navigate`)", () => {
  it('is called at once with the path; nothing is flushed and the page is not loaded', async () => {
    const navigate = vi.fn();
    const { rt, assign, flushBeforeNavigation, progressFlush } = setup({ navigate });
    navigateInApp(rt, '/board');
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith('/board');
    await settle();
    expect(assign).not.toHaveBeenCalled();
    expect(flushBeforeNavigation).not.toHaveBeenCalled();
    expect(progressFlush).not.toHaveBeenCalled();
  });

  it('a router that throws is reported as an internal error, never thrown into the caller', () => {
    const { rt, errors } = setup({ navigate: () => {
      throw new Error('no route matches');
    } });
    expect(() => navigateInApp(rt, '/board')).not.toThrow();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['internal', 'navigate("/board") failed: no route matches']]);
  });
});

describe('without a router: a page load, once what must survive it is written', () => {
  it('flushes the progress and the events (bounded at a second), then loads the path', async () => {
    const progress = deferred();
    const events = deferred<boolean>();
    const { rt, assign, flushBeforeNavigation, progressFlush } = setup({}, { progress: progress.promise, events: events.promise });
    navigateInApp(rt, '/board?x=1');
    expect(progressFlush).toHaveBeenCalledTimes(1);
    expect(flushBeforeNavigation).toHaveBeenCalledWith(1000);
    progress.resolve();
    await settle();
    // The events are not written yet: the page stays.
    expect(assign).not.toHaveBeenCalled();
    events.resolve(true);
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/board?x=1'));
    expect(assign).toHaveBeenCalledTimes(1);
  });

  it('waits for the progress as well as the events', async () => {
    const progress = deferred();
    const { rt, assign } = setup({}, { progress: progress.promise });
    navigateInApp(rt, '/board');
    await settle();
    expect(assign).not.toHaveBeenCalled();
    progress.resolve();
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/board'));
  });

  it('goes anyway after a second when a flush never ends, and not before', async () => {
    vi.useFakeTimers();
    const { rt, assign } = setup({}, { progress: new Promise<void>(() => {}) });
    navigateInApp(rt, '/board');
    await vi.advanceTimersByTimeAsync(999);
    expect(assign).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(assign).toHaveBeenCalledWith('/board');
  });

  it('leaves no timer behind once the flushes are done', async () => {
    vi.useFakeTimers();
    const { rt, assign } = setup();
    navigateInApp(rt, '/board');
    await vi.advanceTimersByTimeAsync(0);
    expect(assign).toHaveBeenCalledWith('/board');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('goes anyway when a flush fails', async () => {
    const { rt, assign, errors } = setup({}, { progress: Promise.reject(new Error('QuotaExceededError')), events: Promise.reject(new Error('offline')) });
    navigateInApp(rt, '/board');
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/board'));
    expect(errors).toEqual([]);
  });

  it('without a progress store (not started yet), waits for the events alone', async () => {
    const { rt, assign, flushBeforeNavigation } = setup({}, { progress: null });
    expect(rt.progress).toBeUndefined();
    navigateInApp(rt, '/');
    expect(flushBeforeNavigation).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/'));
  });

  it('an instance destroyed while it flushed does not load the page', async () => {
    const events = deferred<boolean>();
    const { rt, assign } = setup({}, { events: events.promise });
    navigateInApp(rt, '/board');
    rt.destroyed = true;
    events.resolve(true);
    await settle();
    expect(assign).not.toHaveBeenCalled();
  });

  it('a flush that throws at once is reported, not thrown', async () => {
    const { rt, errors, flushBeforeNavigation } = setup();
    flushBeforeNavigation.mockImplementation(() => {
      throw new Error('tracker gone');
    });
    expect(() => navigateInApp(rt, '/board')).not.toThrow();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['internal', 'navigate("/board") failed: tracker gone']]);
  });
});
