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

export interface Entry extends Contender {
  /** Its box now (undefined while it has none). */
  measure(): Box | undefined;
  /** Places it again (floating-ui), which settles again. */
  update?(): void;
  /** For a sheet that does not wait: brings its target into view above it, below `top` (the top banners' edge). */
  reveal?(top: number): void;
  /** Being placed: its box is the last one, and what waits is not final yet. */
  busy?: boolean;
  /** Told when it starts or stops waiting (a checklist panel folds to its launcher). */
  onWait?(wait: boolean): void;
  /** Carries `data-wait` while it waits. */
  el?: Element;
  wait?: boolean;
  /** What it waits for (a folded panel has no box to measure: it waits while that one is on screen). */
  by?: Entry;
  /** Its box and wait at the last settling, to see whether it moved. */
  was?: string;
}

export interface Arena {
  /** Adds a surface (`seq` is assigned); returns its removal. */
  add(entry: Omit<Entry, 'seq'>): () => void;
  /** The boxes `entry` must keep clear of when choosing a side. */
  blockers(entry: Entry): Box[];
  /** Applies the rules to the boxes on screen now. */
  settle(): void;
  /** Places every surface again (after the layer re-rendered: sizes may have changed). */
  refresh(): void;
}

/** Each renderer's shadow roots, to its arena (weakly: a removed host takes its entry along). */
export const arenas = new WeakMap<Node, Arena>();

/** The arena of the renderer that drew `node`. */
export const arenaOf = (node: Node): Arena | undefined => arenas.get(node.getRootNode());

/** Surfaces that do not move, which anchored ones keep clear of: banners (inline ones too), the launcher, the badge, help links' "?". */
const OBSTACLES = '[data-part=banner],[data-part=checklist-launcher],[data-part=preview-badge],[data-part=help-link]';

const rect = (el: Element): Box => el.getBoundingClientRect();

/** `roots`: the renderer's shadow roots (the layer's, the help links'), where the fixed surfaces and the dock are. */
export function createArena(roots: () => ShadowRoot[]): Arena {
  const entries = new Set<Entry>();
  let seq = 0;
  // Placements that settling starts, since the last outside change: a bound, so that two
  // surfaces that push each other (through the dock's lift) cannot re-place each other forever.
  let cascade = 0;

  const obstacles = () => roots().flatMap((root) => [...root.querySelectorAll(OBSTACLES)]);

  const arena: Arena = {
    add(fields) {
      const entry = fields as Entry;
      entry.seq = ++seq;
      entries.add(entry);
      arena.refresh();
      return () => {
        entries.delete(entry);
        arena.refresh();
      };
    },
    blockers(entry) {
      if (entry.rank === STAGE) return [];
      const boxes = [...entries].filter((e) => e !== entry && e.box && !e.wait && before(e, entry) < 0).map((e) => e.box!);
      return boxes.concat(obstacles().filter((el) => !el.hasAttribute('data-wait')).map(rect));
    },
    settle() {
      const list = [...entries];
      for (const e of list) e.box = e.measure();
      // The dock (checklist launcher, bottom banners, badge) rises above a bottom sheet.
      const lifted = arbitrate(list, []);
      const lift = Math.max(0, ...list.filter((e, i) => e.sheet && e.box && lifted[i] === -1).map((e) => e.box!.height));
      for (const root of roots()) {
        const dock = root.querySelector<HTMLElement>('[data-part=dock]');
        if (dock) dock.style.bottom = lift ? `${lift}px` : '';
      }
      // Fixed surfaces the stage covers step aside; the others are obstacles.
      const stage = list.filter((e) => e.rank === STAGE && e.box).map((e) => e.box!);
      const fixed = obstacles();
      for (const el of fixed) el.toggleAttribute('data-wait', stage.some((s) => overlaps(s, rect(el))));
      const result = arbitrate(list, fixed.filter((el) => !el.hasAttribute('data-wait')).map(rect));
      const top = Math.max(0, ...fixed.filter((el) => el.matches('[data-slot=top]')).map((el) => rect(el).y + rect(el).height));
      let moved: Entry | undefined;
      list.forEach((e, i) => {
        let wait = result[i] !== -1;
        if (wait) e.by = list[result[i]];
        else if (!e.box && e.wait) wait = !!e.by && entries.has(e.by) && !e.by.wait;
        if (wait !== !!e.wait) {
          e.wait = wait;
          e.el?.toggleAttribute('data-wait', wait);
          e.onWait?.(wait);
        }
        // Only when every surface is placed: a sheet that seems free mid-way may yet wait.
        if (e.sheet && !wait && !list.some((o) => o.busy)) e.reveal?.(top);
        // DOMRect serializes its box; a sub-pixel change also counts, and the cascade's bound stops it.
        if (e.was !== (e.was = JSON.stringify([e.box, wait])) && (!moved || before(e, moved) < 0)) moved = e;
      });
      // Whoever ranks below what moved may now fit its preferred side again, or no longer.
      if (moved && cascade++ < 40) for (const e of list) if (before(moved, e) < 0) e.update?.();
    },
    refresh() {
      cascade = 0;
      for (const e of entries) e.update?.();
      arena.settle();
    },
  };
  return arena;
}
