/**
 * The layout arbiter at work on one renderer's surfaces. Floating surfaces add themselves
 * (position.ts, the checklist panel, a centered tour step); after every placement the arena
 * applies arbiter.ts's rules to the boxes on screen: `data-wait` (hidden, still measured) on a
 * surface that yields, the dock lifted above a bottom sheet, what the stage covers hidden, and
 * lower-ranked surfaces placed again when a higher one moved. One arena serves the layer and the
 * help links' inline hosts, so a help link's popover avoids the layer's surfaces too: a surface
 * finds it from its own shadow root (`arenaOf`), which costs less than a Preact context.
 */
import { arbitrate, before, overlaps, STAGE, type Box, type Contender } from './arbiter';
import { dockClearance } from './dock-clearance';
import { pressHold } from './press-hold';

export interface Entry extends Contender {
  /** Its box now (undefined while it has none). */
  measure(): Box | undefined;
  /** Places it (position.ts), keeping clear of `blockers`; resolves once its new place is written, with its box when it knows it without measuring. */
  place?(): Promise<Box | undefined>;
  /** Writes the place that `place()` found without measuring; the arena calls it once the pass has placed every surface. */
  commit?(): void;
  /** For a sheet that does not wait: brings its target into view above it, below `top` (the top banners' edge). */
  reveal?(top: number): void;
  /** Being placed: its box is the last one, and what waits is not final yet. */
  busy?: boolean;
  /** Told when it starts or stops waiting (a checklist panel folds to its launcher). */
  onWait?(wait: boolean): void;
  /** Carries `data-wait` while it waits. */
  el?: Element;
  wait?: boolean;
  /**
   * What it waits for. A folded panel has no box to measure: it waits while that one is on
   * screen, or, when it folded for a sheet, while that one is a sheet (a card the page placed as
   * a sheet for a moment, while it came back after a tour, no longer keeps it folded).
   */
  by?: Entry;
  /** It waits for a sheet. */
  bySheet?: boolean;
  /** Times it came back from waiting since a surface came or went (see UNWAITS). */
  unwaits?: number;
  /** Its box and wait at the last settling, to see whether it moved. */
  was?: string;
}

export interface Arena {
  /** Adds a surface (`seq` is assigned unless it brings the one `next()` gave it); returns its removal. */
  add(entry: Omit<Entry, 'seq'> & { seq?: number }): () => void;
  /** The next order of arrival: a surface the person opened keeps the one of that moment when it is drawn again (after a tour's stage). */
  next(): number;
  /** The boxes `entry` must keep clear of when choosing a side. */
  blockers(entry: Entry): Box[];
  /** `entry`'s target or size changed (scroll, resize, layout): placed again in the next frame's pass. */
  request(entry: Entry): void;
  /** Places every surface again now (after the layer re-rendered: sizes may have changed). */
  refresh(): void;
}

/** A box and whether it waits, as settling compares them from one pass to the next. */
const boxKey = (box: Box | undefined, wait: boolean) => (box ? `${Math.round(box.x)},${Math.round(box.y)},${Math.round(box.width)},${Math.round(box.height)}` : '') + (wait ? '+' : '');

/** Each renderer's shadow roots, to its arena (weakly: a removed host takes its entry along). */
export const arenas = new WeakMap<Node, Arena>();

/** The arena of the renderer that drew `node`. */
export const arenaOf = (node: Node): Arena | undefined => arenas.get(node.getRootNode());

/** Surfaces that do not move, which anchored ones keep clear of: banners (inline ones too), the launcher, the badge, help links' "?". */
const OBSTACLES = '[data-part=banner],[data-part=checklist-launcher],[data-part=preview-badge],[data-part=help-link]';

const rect = (el: Element): Box => el.getBoundingClientRect();

/** Rounds of placing and settling in one pass before the rest waits for the next frame. */
const ROUNDS = 8;

/**
 * Times a surface may come back from waiting until a surface comes or goes. Two can chase each
 * other: a checklist panel folds for a card, the launcher the fold moved lets the card take
 * another side, the panel unfolds, and the card moves back. The third time it stays folded.
 */
const UNWAITS = 2;

/** Passes in a row without a frame between them before the next waits for a frame (see `pass`). */
const BURST = 24;

/**
 * `roots`: the renderer's shadow roots (the layer's, the help links'), where the fixed surfaces
 * and the dock are.
 *
 * Surfaces are placed in passes: every surface that asked, highest rank first, each keeping clear
 * of the boxes those above it have just taken, then one settling for all. A scroll moves every
 * anchored surface at once: their requests (one per surface, from its position watcher) wait
 * for the animation frame, so the frame has one pass and one settling, not one per surface, and
 * no surface is placed against a box another has already left.
 */
export function createArena(roots: () => ShadowRoot[]): Arena {
  const entries = new Set<Entry>();
  const clearDock = dockClearance();
  // Placed after a press on the layer has become its click (press-hold.ts).
  const press = pressHold(() => arena.refresh());
  const dirty = new Set<Entry>();
  let seq = 0;
  // Passes that settling starts, since the last outside change: a bound, so that two surfaces
  // that push each other (through the dock's lift) cannot re-place each other forever.
  let cascade = 0;
  let passing = false;
  let burst = 0;
  let burstStart = 0;
  let frame: { view: Window; id: number } | undefined;
  // The obstacles' boxes during a pass: placing surfaces does not move them, so every surface of
  // the pass keeps clear of one measurement (settling measures them again).
  let obstacleBoxes: Box[] | undefined;

  const obstacles = () => roots().flatMap((root) => [...root.querySelectorAll(OBSTACLES)]);

  /** The next animation frame's pass. */
  const schedule = () => {
    if (frame) return;
    const view = roots()[0]?.ownerDocument.defaultView;
    // No layer, no surface to place (the renderer was removed).
    if (!view) return;
    frame = { view, id: view.requestAnimationFrame(() => ((frame = undefined), void pass())) };
  };

  const cancelFrame = () => {
    if (frame) frame.view.cancelAnimationFrame(frame.id);
    frame = undefined;
  };

  /**
   * Places what asked, by rank, then settles; runs again while settling or a request asks for
   * more, a few rounds at most: surfaces that keep asking (a re-render that re-adds one, a
   * panel that folds and unfolds) wait for the next frame, so the page is never held up.
   */
  const pass = async () => {
    if (passing) return;
    if (press.pressed) return press.held();
    // Surfaces that answer a settling by re-rendering (a panel folding for a card whose place
    // depends on the launcher the fold moved) could start pass after pass in one task and hold
    // the page up: after a burst, the next pass waits for the frame.
    const now = performance.now();
    if (now - burstStart > 100) [burstStart, burst] = [now, 0];
    if (++burst > BURST) return schedule();
    passing = true;
    cancelFrame();
    let rounds = 0;
    try {
      do {
        if (++rounds > ROUNDS) {
          schedule();
          break;
        }
        const order = [...dirty].filter((e) => entries.has(e) && e.place).sort(before);
        dirty.clear();
        obstacleBoxes = undefined;
        for (const e of order) {
          let box: Box | undefined;
          e.busy = true;
          try {
            box = await e.place!();
          } catch {
            // Its element left the page while being placed: its removal settles the rest.
          } finally {
            e.busy = false;
          }
          // The ones below it keep clear of where it is now.
          e.box = box ?? e.measure();
        }
        // Writes last, so that no surface's reads of the pass waited for another's layout.
        for (const e of order) {
          e.commit?.();
          e.commit = undefined;
        }
        settle(new Set(order));
      } while (dirty.size > 0);
    } finally {
      passing = false;
      obstacleBoxes = undefined;
    }
  };

  /** Applies the rules to the boxes on screen now; `placed`: the surfaces this pass placed. */
  const settle = (placed: Set<Entry>) => {
    const list = [...entries];
    // What this pass placed has its box already; the others (panels, a centered step) are measured.
    for (const e of list) if (!placed.has(e)) e.box = e.measure();
    // The dock (checklist launcher, bottom banners, badge) rises above a bottom sheet, but not
    // above a tour's: during a tour the dock is inert beneath the overlay, and risen it covered
    // the band above the sheet where the step's target is brought (a phone 320 px wide).
    const lifted = arbitrate(list, []);
    const lift = Math.max(0, ...list.filter((e, i) => e.sheet && e.box && lifted[i] === -1 && e.rank !== STAGE).map((e) => e.box!.height));
    for (const root of roots()) {
      const dock = root.querySelector<HTMLElement>('[data-part=dock]');
      // And above the page's own controls fixed under it (dock-clearance.ts).
      const rise = dock && Math.max(lift, clearDock(dock, parseFloat(dock.style.bottom) || 0));
      if (dock) dock.style.bottom = rise ? `${rise}px` : '';
    }
    // Fixed surfaces the stage covers step aside; the others are obstacles.
    const stage = list.filter((e) => e.rank === STAGE && e.box).map((e) => e.box!);
    const fixed = obstacles();
    const fixedBoxes = fixed.map(rect);
    fixed.forEach((el, i) => el.toggleAttribute('data-wait', stage.some((s) => overlaps(s, fixedBoxes[i]))));
    const free = fixed.map((el, i) => (el.hasAttribute('data-wait') ? undefined : fixedBoxes[i]));
    const result = arbitrate(list, free.filter((box): box is Box => box !== undefined));
    const top = Math.max(0, ...free.map((box, i) => (box && fixed[i].matches('[data-slot=top]') ? box.y + box.height : 0)));
    let moved: Entry | undefined;
    list.forEach((e, i) => {
      let wait = result[i] !== -1;
      if (wait) {
        e.by = list[result[i]];
        e.bySheet = !!e.by?.sheet;
      } else if (!e.box && e.wait) wait = !!e.by && entries.has(e.by) && !e.by.wait && (!e.bySheet || !!e.by.sheet);
      if (!wait && e.wait && (e.unwaits = (e.unwaits ?? 0) + 1) > UNWAITS) wait = true;
      if (wait !== !!e.wait) {
        e.wait = wait;
        e.el?.toggleAttribute('data-wait', wait);
        e.onWait?.(wait);
      }
      if (e.sheet && !wait) e.reveal?.(top);
      // Whole pixels: a box measured (a DOMRect) and the same box as its placement computed it
      // (sizes in whole pixels) are one box, and a sub-pixel change moves nothing.
      if (e.was !== (e.was = boxKey(e.box, wait)) && (!moved || before(e, moved) < 0)) moved = e;
    });
    // Whoever ranks below what moved may now fit its preferred side again, or no longer; those
    // this pass placed after it already kept clear of its new box.
    if (moved && cascade++ < 40) {
      for (const e of list) if (e.place && before(moved, e) < 0 && !(placed.has(moved) && placed.has(e))) dirty.add(e);
    }
  };

  // A surface comes or goes while its renderer commits (Preact's layout effects): one tour step
  // leaves and the next arrives in the same commit. Their pass waits for the end of it (a
  // microtask, still before the browser paints), so it places both changes at once and measures
  // a finished DOM, not one half-updated, which cost a layout of its own.
  // (The renderer refreshes at the end of its commit itself: a refresh that ran meanwhile makes
  // the queued one unneeded.)
  let refreshQueued = false;
  const refreshSoon = () => {
    if (refreshQueued) return;
    refreshQueued = true;
    queueMicrotask(() => {
      if (refreshQueued) arena.refresh();
    });
  };

  const arena: Arena = {
    add(fields) {
      const entry = fields as Entry;
      entry.seq ||= ++seq;
      for (const e of entries) e.unwaits = 0;
      entries.add(entry);
      const doc = roots()[0]?.ownerDocument;
      if (doc) press.attach(doc);
      refreshSoon();
      return () => {
        entries.delete(entry);
        dirty.delete(entry);
        for (const e of entries) e.unwaits = 0;
        if (entries.size === 0) cancelFrame(), press.detach();
        refreshSoon();
      };
    },
    next: () => ++seq,
    blockers(entry) {
      if (entry.rank === STAGE) return [];
      const boxes = [...entries].filter((e) => e !== entry && e.box && !e.wait && before(e, entry) < 0).map((e) => e.box!);
      const free = obstacleBoxes ?? obstacles().filter((el) => !el.hasAttribute('data-wait')).map(rect);
      if (passing) obstacleBoxes = free;
      return boxes.concat(free);
    },
    request(entry) {
      if (!entries.has(entry)) return;
      dirty.add(entry);
      if (passing || frame) return;
      cascade = 0;
      schedule();
    },
    refresh() {
      refreshQueued = false;
      cascade = 0;
      for (const e of entries) if (e.place) dirty.add(e);
      if (passing) return;
      void pass();
    },
  };
  return arena;
}
