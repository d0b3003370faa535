/**
 * The parts of the simulated log around the experiment (src/analysis/simulate.ts): tours
 * abandoned at realistic steps with "Was this helpful?" answers, and noise goals. They draw
 * from the same seeded stream, in the same order, so a seed always gives the same file.
 */
import type { GuidepostEvent } from '../track/event';
import type { Random } from './random';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const TOUR = 'welcome-tour';
const TOUR_STEPS = 4;

export interface SimUser {
  id: string;
  accountId: string;
  anonymousId: string;
}

/** What the generators share with the simulation. */
export interface SimContext {
  random: Random;
  /** First millisecond of the log. */
  start: number;
  emit(user: SimUser, session: string, ms: number, fields: Partial<GuidepostEvent> & Pick<GuidepostEvent, 'type'>): GuidepostEvent;
  newSession(): string;
}

/** A deterministic UUID v7 (RFC 9562): the event's milliseconds, then random bits from the seeded stream. */
export function uuidv7(ms: number, random: Random): string {
  const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  const rand = random.hex(24);
  const variant = '89ab'[parseInt(rand[3], 16) & 3];
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(4, 7)}-${rand.slice(7, 19)}`;
}

/** A tour from its first step: carried on, abandoned or completed, with feedback now and then. */
export function simulateTour({ random, start, emit, newSession }: SimContext, user: SimUser, ms: number): void {
  const session = newSession();
  const version = ms - start < 7 * DAY ? 1 : 2;
  // Version 2 shortened step 2's text: fewer people leave there.
  const carryOn = version === 1 ? [0.78, 0.68, 0.8] : [0.84, 0.8, 0.83];
  const completes = version === 1 ? 0.82 : 0.88;
  const fields = { item_id: TOUR, item_type: 'tour', item_version: version };
  let t = ms;
  for (let step = 0; step < TOUR_STEPS; step++) {
    emit(user, session, t, { type: 'step_viewed', ...fields, step });
    t += 4000 + random.exponential(9000);
    if (step > 0 && random.chance(0.05)) {
      emit(user, session, t, { type: 'step_back', ...fields, step });
      emit(user, session, (t += 500), { type: 'step_viewed', ...fields, step: step - 1 });
      emit(user, session, (t += 3000), { type: 'step_next', ...fields, step: step - 1 });
      emit(user, session, (t += 500), { type: 'step_viewed', ...fields, step });
      t += 4000;
    }
    const last = step === TOUR_STEPS - 1;
    if (last ? random.chance(completes) : random.chance(carryOn[step])) {
      if (last) {
        emit(user, session, t, { type: 'completed', ...fields });
        if (random.chance(0.4)) {
          const helpful = random.chance(0.81);
          emit(user, session, (t += 2000), { type: 'feedback', ...fields, properties: { helpful } });
          if (random.chance(0.15)) emit(user, session, (t += 15000), { type: 'feedback', ...fields, properties: { helpful, comment: helpful ? 'Clear, thanks' : 'Too long' } });
        }
      } else {
        emit(user, session, t, { type: 'step_next', ...fields, step });
        t += 300;
      }
      continue;
    }
    // Abandoned here: most people close it one way or another; some just leave the page.
    if (random.chance(0.85)) {
      const origin = last ? random.weighted([['close', 0.7], ['escape', 0.3]] as const) : random.weighted([['close', 0.45], ['escape', 0.2], ['overlay', 0.15], ['skip', 0.2]] as const);
      emit(user, session, t, { type: 'dismissed', ...fields, step, origin });
    }
    break;
  }
}

/** Goals that are not the experiment's: sessions creating projects and viewing reports. */
export function simulateNoise({ random, emit, newSession }: SimContext, user: SimUser, from: number, sessions: number): void {
  for (let i = 0; i < sessions; i++) {
    const ms = from + random.next() * 30 * DAY;
    const session = newSession();
    emit(user, session, ms, { type: 'goal', name: 'project_created', properties: { template: random.pick(['blank', 'kanban', 'roadmap']) } });
    if (random.chance(0.3)) emit(user, session, ms + 60_000, { type: 'goal', name: 'report_viewed' });
  }
}
