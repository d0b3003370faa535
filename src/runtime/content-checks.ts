/**
 * A compiled manifest's content checks (src/manifest/compiled-checks.ts), run once per manifest
 * where its content may first show: when the decision beyond the screen loads (some item may
 * show) or, failing that, when the UI does (the debug panel on a page where nothing can show) or
 * authoring's panel opens (it keeps the manifest to put back when it closes).
 * They report what the UI refuses on its own (unsafe URLs, links, patterns, theme values) and
 * take hazardous theme values out before the UI applies the theme. A page where nothing can show
 * never downloads them; a manifest that went through the validator has none pending, and one
 * it checked on an earlier page view (checked-cache.ts) has them pending quietly.
 */
import { GuidepostError } from '../errors';
import { checkCompiled } from '../manifest/compiled-checks';
import type { Runtime } from './runtime';

/** Runs the pending checks, if any: reports each problem, and keeps the manifest without hazardous theme values. */
export function runContentChecks(rt: Runtime): void {
  const pending = rt.pendingChecks;
  if (!pending || !rt.manifest) return;
  rt.pendingChecks = undefined;
  const { manifest, problems } = checkCompiled(rt.manifest, pending.regexProblem);
  // Quiet for a manifest the validator checked on an earlier page view: what they find was reported with its problems.
  if (!pending.quiet) for (const problem of problems) rt.report(new GuidepostError('manifest', problem.message, problem));
  // Only the theme differs (items are kept as they are). The effective manifest and what was
  // prepared from it are rebuilt from the new object when next asked for (both callers decide or
  // draw right after, in the same task), so nothing reads the old settings.
  if (manifest !== rt.manifest) {
    rt.manifest = manifest;
    rt.effective = undefined;
  }
}
