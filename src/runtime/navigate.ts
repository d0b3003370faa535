/**
 * Taking the person to a page of this app, for a tour (Next to a step on another page, "Take me
 * there") and a checklist task: with the host's router (`navigate`), so a single-page app is
 * not reloaded, else by loading the page once what must survive it is written.
 */
import { GuidepostError } from '../errors';
import type { Runtime } from './runtime';

/** Only a path of this app (`/board`, not `//host`, `/\\host` or `javascript:`): a compiled manifest is not validated. */
const APP_PATH = /^\/(?![\/\\])[^\s\\]*$/;

/** Takes the person to `path` with the host's router, or by loading the page. */
export function navigateInApp(rt: Runtime, path: string): void {
  if (!APP_PATH.test(path)) {
    rt.report(new GuidepostError('manifest', `the route ${JSON.stringify(path.slice(0, 200))} is not a path of this app; not followed`));
    return;
  }
  try {
    if (rt.options.navigate) return rt.options.navigate(path);
    // A page load ends this document: the step saved for the next page and the step_next just
    // emitted are written first (both bounded: a second at most, then the page goes anyway).
    const doc = rt.doc!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
    void Promise.race([Promise.all([rt.progress?.flush(), rt.api.flushBeforeNavigation(1000)]), bound])
      .catch(() => undefined)
      .then(() => {
        clearTimeout(timer);
        if (!rt.destroyed) doc.location.assign(path);
      });
  } catch (error) {
    rt.report(new GuidepostError('internal', `navigate("${path}") failed: ${(error as Error).message}`));
  }
}
