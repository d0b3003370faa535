import { GuidepostError } from '../errors';
import type { Guidepost } from '../options';
import type { Runtime } from './runtime';

/** The first argument's name and what it must be, per call: "text" a non-empty string, "object" a plain object, "function". */
const ARGUMENTS: Record<string, [number, string, string]> = {
  track: [0, 'name', 'text'],
  identify: [0, 'user', 'object'],
  startTour: [0, 'tourId', 'text'],
  closeTour: [0, 'tourId', 'text'],
  preview: [0, 'itemId', 'text'],
  on: [1, 'listener', 'function'],
  onChange: [0, 'listener', 'function'],
};

function argumentProblem(call: string, args: unknown[]): string | undefined {
  const rule = ARGUMENTS[call];
  if (!rule) return undefined;
  const [at, param, kind] = rule;
  const value = args[at];
  const ok = kind === 'text' ? typeof value === 'string' && value !== '' : kind === 'object' ? !!value && typeof value === 'object' && !Array.isArray(value) : typeof value === kind;
  if (ok) return undefined;
  const expected = kind === 'text' ? 'a non-empty string' : kind === 'object' ? 'an object such as { id: "u_42" }' : 'a function';
  const found = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : Array.isArray(value) ? 'an array' : String(value);
  return `${call}(${call === 'on' ? 'type, ' : ''}${param}): expected ${expected}, found ${found}; ignored`;
}

/**
 * Public calls run inside the host's own code (click handlers, route hooks): whatever goes
 * wrong in them (a bug, content the runtime cannot handle) is reported, never thrown there.
 */
export function guardPublicCalls(api: Guidepost, report: (error: GuidepostError) => void) {
  const failed = (name: string, error: unknown) => report(new GuidepostError('internal', `${name}() failed: ${(error as Error)?.message ?? String(error)}`));
  for (const name of ['track', 'identify', 'startTour', 'closeTour', 'preview', 'debug', 'on', 'onChange'] as const) {
    const call = api[name] as (...args: unknown[]) => unknown;
    if (typeof call !== 'function') continue;
    (api as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      // A call given the wrong kind of argument (track(42), identify("u_42"), on("*")) is said at
      // the call, by name, and ignored: not a goal named "42", nor a listener failing later.
      const wrong = argumentProblem(name, args);
      // What a subscription that could not be made returns: a disposer that does nothing.
      const none = name === 'on' || name === 'onChange' ? () => undefined : undefined;
      if (wrong) {
        report(new GuidepostError('internal', wrong));
        return none;
      }
      try {
        return call(...args);
      } catch (error) {
        failed(name, error);
        return none;
      }
    };
  }
  const explain = api.explain as (itemId?: string) => unknown;
  api.explain = ((itemId?: string) => {
    try {
      return explain(itemId);
    } catch (error) {
      failed('explain', error);
      return itemId === undefined ? [] : undefined;
    }
  }) as Guidepost['explain'];
  const reset = api.reset;
  api.reset = () => reset().catch((error: unknown) => failed('reset', error));
}

/**
 * startTour(), closeTour() and preview() called before start() had the manifest could not check
 * their ids then: once it is read, an id it lacks is reported as it would have been at the call
 * (a `useTour("welcom").start()` in a mount effect), and forgotten.
 */
export function reportUnknownEarlyIds(rt: Runtime, requested: Set<string>): void {
  const items = rt.manifest?.items ?? [];
  const calls: [string, Set<string>, boolean][] = [['startTour', requested, true], ['closeTour', rt.closedEarly, true], ['preview', rt.previewing, false]];
  for (const [call, ids, tour] of calls) {
    for (const id of ids) {
      if (items.some((item) => item.id === id && (!tour || item.type === 'tour'))) continue;
      ids.delete(id);
      rt.startCalls.delete(id);
      rt.report(new GuidepostError('internal', `${call}("${id}"): the manifest has no ${tour ? 'tour' : 'item'} with that id`));
    }
  }
}
