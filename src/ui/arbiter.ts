/**
 * The layout arbiter's rules, pure (no DOM, no clock): which surfaces step aside while an
 * interruptive one holds the stage, how surfaces rank, and which one waits when two want the
 * same space. arena.ts applies them to what is on screen; docs/manifest.md ("How surfaces share
 * the screen") states them for writers.
 */
import type { Item } from '../manifest/schema';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Ranks: a lower number keeps its place. The stage is a tour step; "opened" is what the person
 * opened (a help link's or hotspot's popover, a checklist they unfolded); then tooltips, hotspot
 * beacons, and last a checklist panel that opened by itself.
 */
export const STAGE = 0;
export const OPENED = 1;
export const TIP = 2;
export const BEACON = 3;
export const PANEL = 4;

export interface Contender {
  rank: number;
  /** Order of arrival. */
  seq: number;
  /** Where it is; none while it has no box (not placed yet, or a panel folded away). */
  box?: Box;
  /** A bottom sheet (phones). */
  sheet?: boolean;
  /** Lives in the dock (a checklist panel): never on screen together with a sheet, which covers the dock's place. */
  docked?: boolean;
}

export const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** `b` is inside a `width` x `height` viewport (half a pixel of rounding allowed). */
export const inside = (b: Box, width: number, height: number): boolean => b.x > -0.5 && b.y > -0.5 && b.x + b.width < width + 0.5 && b.y + b.height < height + 0.5;

/** Phones get bottom sheets; the same width as the stylesheet's own small-screen rules. */
export const isPhone = (width: number): boolean => width <= 480;

/**
 * A viewport too short for a tall card beside its target (a phone held sideways, a laptop
 * zoomed to 200%): a card that fits nowhere there becomes a bottom sheet too, which scrolls,
 * instead of running off the bottom with its buttons.
 */
export const isShort = (height: number): boolean => height <= 500;

/** A tour step on screen takes the stage (a modal banner would too, if the schema had one). */
export const takesStage = (surface: { tour?: unknown }): boolean => surface.tour !== undefined;

/** Tips and beacons wait while something holds the stage (help links' popovers too: see HelpLink's `wait`). */
export const waitsForStage = (item: Item): boolean => item.type === 'tooltip' || item.type === 'hotspot';

const SIDES = ['top', 'right', 'bottom', 'left'] as const;
export type Side = (typeof SIDES)[number];

/** Sides to try when `side` is taken by another surface: its opposite first, then the other axis. */
export function otherSides(side: Side): Side[] {
  const i = SIDES.indexOf(side);
  return [2, 1, 3].map((turn) => SIDES[(i + turn) % 4]);
}

/** Who keeps its place when two compete: the lower rank; among opened ones the newest (the person's last tap), else the first. */
export const before = (a: Contender, b: Contender): number => a.rank - b.rank || (a.rank === OPENED ? b.seq - a.seq : a.seq - b.seq);

const clash = (a: Contender, b: Contender): boolean => (a.sheet && b.docked) || (a.docked && b.sheet) || overlaps(a.box!, b.box!);

/**
 * Who waits. Walking from the highest rank down, a contender waits when it clashes with one that
 * stays, or when an anchored one (not the stage, a sheet or a docked panel: those have fixed
 * places; nor what the person opened) overlaps an obstacle (banners, the checklist launcher, the
 * preview badge). Returns, per
 * contender, what it yields to: that contender's index, -2 for an obstacle, -1 when it stays.
 */
export function arbitrate(list: Contender[], obstacles: Box[]): number[] {
  const result = list.map(() => -1);
  const staying: number[] = [];
  const order = list.map((_, i) => i).sort((a, b) => before(list[a], list[b]));
  for (const i of order) {
    const c = list[i];
    if (!c.box) continue;
    const by = c.rank === STAGE ? undefined : staying.find((j) => clash(c, list[j]));
    if (by !== undefined) result[i] = by;
    // What the person just opened shows over a banner or a "?" rather than not at all: they asked for it.
    else if (c.rank > OPENED && !c.sheet && !c.docked && obstacles.some((o) => overlaps(c.box!, o))) result[i] = -2;
    else staying.push(i);
  }
  return result;
}
