import { GuidepostError } from '../errors';
import type { Guidepost } from '../options';

/**
 * Public calls run inside the host's own code (click handlers, route hooks): whatever goes
 * wrong in them (a bug, content the runtime cannot handle) is reported, never thrown there.
 */
export function guardPublicCalls(api: Guidepost, report: (error: GuidepostError) => void) {
  const failed = (name: string, error: unknown) => report(new GuidepostError('internal', `${name}() failed: ${(error as Error)?.message ?? String(error)}`));
  for (const name of ['track', 'identify', 'startTour', 'closeTour', 'preview', 'debug'] as const) {
    const call = api[name] as (...args: unknown[]) => void;
    (api as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      try {
        call(...args);
      } catch (error) {
        failed(name, error);
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
