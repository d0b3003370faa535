/**
 * An interim look: a report that counts units whose conversion window has not closed
 * (--include-in-progress). Their conversions are not all in, and an experiment looked at again
 * and again, stopped the first time p < 0.05, finds an effect that is not there far more often
 * than 5% of the time (the "peeking" problem: with daily looks over a month, about one null
 * experiment in four or five). So the lift is shown as where it stands so far, never as
 * "Report this", with the moment it can be read. Part of ./report-checks.ts (recommend).
 */
import { human } from './human';
import { isolate } from './names';
import type { PopulationResult, Recommendation } from './report-types';

/** How the analysis looks at the data: what recommend needs to tell an interim look from a final one. */
export interface Look {
  /** Units whose window has not closed are counted (--include-in-progress). */
  includeInProgress: boolean;
  windowMs: number;
  /** The moment the analysis is as of (--as-of, else the newest event); null without events. */
  asOfMs: number | null;
}

export type Interim = NonNullable<Recommendation['interim']>;

/**
 * Whether reading `p` now is an interim look: it counts units still inside their window. When
 * those are left out (the default), every unit counted had its whole window: not interim.
 * `readAfter`: the as-of time plus the window, when every unit exposed by then has had it.
 */
export function interimLook(p: PopulationResult, look: Look | undefined): Interim | undefined {
  if (!look?.includeInProgress || !(p.inProgressUnits > 0)) return undefined;
  const countedUnits = p.arms.reduce((sum, a) => sum + a.units, 0);
  const readAfter = look.asOfMs === null ? null : new Date(look.asOfMs + look.windowMs).toISOString();
  return { inProgressUnits: p.inProgressUnits, countedUnits, readAfter };
}

/** The headline of an interim look: `soFar` is each arm's lift with its figures. */
export function interimHeadline(soFar: string, interim: Interim, unit: string, windowMs: number): string {
  const u = isolate(unit);
  const window = `${human(windowMs / 86_400_000)}-day window`;
  const still = `${human(interim.inProgressUnits)} of the ${human(interim.countedUnits)} ${u}${interim.countedUnits === 1 ? '' : 's'} counted ${interim.inProgressUnits === 1 ? 'is' : 'are'} still inside their ${window} (--include-in-progress), so their conversions are not all in`;
  const when = interim.readAfter
    ? `Read it after ${interim.readAfter}, when every ${u} exposed by the time of this analysis has had its whole ${window}, without --include-in-progress.`
    : `Read it once every ${u}'s ${window} has closed, without --include-in-progress.`;
  return `Interim look, not a result to report yet: so far ${soFar}; ${still}. Repeated looks at a running experiment inflate false positives: stopping at the first look where p < 0.05 finds an effect that is not there far more often than 5% of the time. ${when}`;
}
