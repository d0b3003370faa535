/**
 * One engine decision for the page as it is now: the effective manifest (prepared once per
 * assignment), progress, attributes, pacing spent, what is on screen, requests and the tour
 * running here or in another tab. Loaded with the decision chunk.
 */
import { decide, prepareManifest, type Decision } from '../engine/decide';
import { activeTour, type Runtime } from './runtime';

/** The prepared form of the effective manifest, made once per assignment (and `$regex` guard). */
function prepared(rt: Runtime) {
  rt.core.effectiveManifest(rt);
  const effective = rt.effective!;
  if (!effective.prepared || effective.prepared.regexGuard !== rt.regexGuard) effective.prepared = prepareManifest(effective.manifest, { regexGuard: rt.regexGuard });
  return effective.prepared;
}

export function decideNow(rt: Runtime): Decision {
  const { pageView, identity, previewing } = rt;
  return decide({
    manifest: rt.core.decisionManifest(rt),
    prepared: prepared(rt),
    regexGuard: rt.regexGuard,
    progress: rt.progress!.get(),
    attributes: rt.core.attributes(rt),
    now: rt.now(),
    pacing: {
      pageViewShown: pageView.interruptiveShown,
      sessionShown: identity!.session.interruptiveShown,
      lastInterruptiveAt: identity!.session.lastInterruptiveAt,
      pageViewStartedAt: pageView.startedAt,
    },
    // Previews are not real displays: they neither count nor shield an item from its verdict.
    showing: [...rt.showing.keys(), ...pageView.counterfactual, ...(rt.tours?.runningIds() ?? [])].filter((id) => !previewing.has(id)),
    paced: [...pageView.paced],
    pacedInSession: identity!.session.paced ?? [],
    recentEvents: pageView.recentEvents,
    requested: [...rt.requested],
    activeTour: activeTour(rt),
  });
}

