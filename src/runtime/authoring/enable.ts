/**
 * Authoring mode's switch, the only part of it in the core: checks that authoring may open,
 * mutes events while it is open, and loads the panel (src/authoring/, its own lazy chunk;
 * a page that never opens it downloads none of it). The panel gets the runtime and the few
 * core functions it needs, passed in: imported there, decisions and exposure would be
 * bundled a second time into the two-file IIFE's UI file. Kept small: every page pays for it.
 */
import { GuidepostError } from '../../errors';
import type { GuidepostEvent } from '../../track/event';
import { watchRoutes } from '../../dom/routes';
import { openExperiments } from '../boot';
import { assignExperiments, evaluate } from '../decisions';
import { explanations } from '../explain';
import type { Runtime } from '../runtime';

/** What the panel gets from the core (see src/authoring/session.ts). */
export const AUTHORING_OPS = { evaluate, assignExperiments, explanations, openExperiments, watchRoutes };

export interface AuthoringSwitch {
  /** `author(open)`. */
  set(open: boolean): void;
  /** start() has booted: a request made before it takes effect now. */
  booted(): void;
}

export function authoringSwitch(rt: Runtime): AuthoringSwitch {
  let wanted = false;
  let muted = false;
  let panel: { destroy(): Promise<void> } | undefined;
  const fail = (message: string) => rt.report(new GuidepostError('internal', `authoring: ${message}`));

  const close = () => {
    wanted = false;
    // Events flow again once the manifest the page loaded is back: a draft's items must not be
    // reported. Closed before the panel arrived, no draft was ever shown: they flow at once.
    if (panel) {
      void panel.destroy().then(() => {
        muted = wanted;
      });
    } else muted = false;
    panel = undefined;
  };

  const open = () => {
    // Before start() has booted there is no manifest to check yet: booted() comes back here.
    const tracker = rt.tracker;
    if (!wanted || panel || rt.destroyed || !rt.manifest || !tracker) return;
    if (rt.manifest.compiled && !rt.options.authoring) {
      wanted = false;
      return fail('off on a manifest compiled by "guidepost build" (production) unless createGuidepost gets authoring: true');
    }
    if (!muted) {
      // Writers try their help out on their own product: none of it may reach analytics, the
      // host's onEvent or on() listeners. The tracker is muted at its one entry point, wrapped
      // once; nobody reads the event emit() returns (see emit in runtime.ts).
      const emit = tracker.emit;
      if (!(emit as { authoring?: true }).authoring) tracker.emit = Object.assign((fields: Parameters<typeof emit>[0]) => (muted ? (fields as GuidepostEvent) : emit(fields)), { authoring: true as const });
      muted = true;
    }
    import('../../authoring/author-panel').then(
      (module) => {
        if (wanted && !panel && !rt.destroyed) panel = module.mountAuthoring(rt, AUTHORING_OPS);
      },
      (error: Error) => {
        // Nothing opened: events flow again (no draft was ever shown), and a later author(true) tries again.
        if (!panel) {
          wanted = false;
          muted = false;
        }
        fail(`the panel could not be loaded: ${error.message}`);
      },
    );
  };

  rt.cleanups.push(close);
  return {
    set(next) {
      // Not behind guardPublicCalls (public-guard.ts): the same promise, kept here.
      try {
        wanted = next;
        if (next) open();
        else close();
      } catch (error) {
        fail(`author() failed: ${(error as Error).message}`);
      }
    },
    booted: open,
  };
}
