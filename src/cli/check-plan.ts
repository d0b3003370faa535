/**
 * What `guidepost check` has to look at: one entry per target in the manifest (item
 * targets and tour-step targets), each with the routes it lives on, and the routes to visit.
 * Pure: no browser, no file system, so it is tested in Node.
 */
import type { Item, Manifest, Target, TourStep } from '../manifest/schema';
import { formatPath, type PathSegment } from '../manifest/problems';
import { targetSelectors } from '../dom/targets';

export interface PlannedTarget {
  itemId: string;
  itemType: Item['type'];
  /** 0-based index of the tour step, for tour steps. */
  step?: number;
  stepId?: string;
  /** JSON path of the target (`items[5].steps[2].target`), or of the step/item when there is none. */
  path: string;
  segments: PathSegment[];
  /** Undefined: no target needed (banner at the top or bottom, checklist, centered step). */
  target?: Target;
  /** The SDK's selectors, in the order it tries them (src/dom/targets.ts). */
  selectors: string[];
  /** For each selector, what it is: the primary selector, the data-help anchor, or a fallback. */
  kinds: SelectorKind[];
  /**
   * `route`: the target must resolve on every one of `routes` (the item or step is scoped to them).
   * `any`: no route is known, so it is checked on every visited route and passes if it resolves on one.
   */
  scope: 'route' | 'any';
  routes: string[];
  /** Where `routes` came from, for the report ("when.page.path", "step route", ...). */
  routeSource: string;
  /** Why no target is needed, when `target` is undefined. */
  noTargetReason?: string;
}

export type SelectorKind = 'selector' | 'anchor' | 'fallback';

export interface CheckPlan {
  targets: PlannedTarget[];
  /** Routes to visit, in order, without duplicates. */
  routes: string[];
}

/** The kind of each selector `targetSelectors` returns, in the same order. */
export function selectorKinds(target: Target): SelectorKind[] {
  if (typeof target === 'string') return ['selector'];
  const kinds: SelectorKind[] = [];
  if (target.selector) kinds.push('selector');
  if (target.anchor) kinds.push('anchor');
  for (let i = 0; i < (target.fallbacks ?? []).length; i++) kinds.push('fallback');
  return kinds;
}

/**
 * Routes named by an item's `when["page.path"]`: a plain string, `{"$eq": path}` or
 * `{"$in": [paths]}`. Anything else (`$regex`, `$ne`, nested `$or`) cannot be turned into
 * pages to open, so the item counts as unscoped.
 */
export function routesOfCondition(when: Record<string, unknown> | undefined): { routes: string[]; note?: string } {
  const condition = when?.['page.path'];
  if (condition === undefined) return { routes: [] };
  if (typeof condition === 'string') return { routes: [condition] };
  if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
    const ops = condition as Record<string, unknown>;
    const keys = Object.keys(ops);
    if (keys.length === 1 && typeof ops.$eq === 'string') return { routes: [ops.$eq] };
    if (keys.length === 1 && Array.isArray(ops.$in) && ops.$in.length && ops.$in.every((p) => typeof p === 'string')) return { routes: ops.$in as string[] };
  }
  return { routes: [], note: 'its page.path condition is not a plain path or a $in list of paths' };
}

/** Items whose element the SDK anchors to (mirrors `anchorOf` in src/guidepost.ts). */
function itemTarget(item: Item): { target?: Target; reason?: string } {
  switch (item.type) {
    case 'checklist':
      return { reason: 'checklists have their own launcher' };
    case 'banner':
      return item.slot === 'inline' ? { target: item.target } : { reason: `${item.slot ?? 'top'} banners are not anchored` };
    case 'tour':
      return {};
    default:
      return { target: item.target };
  }
}

/**
 * @param itemIndexes For each of `manifest.items`, its index in the file (from `validateManifest`).
 * @param extraRoutes `--routes`: visited in addition, and used for unscoped targets.
 */
export function planCheck(manifest: Manifest, itemIndexes: number[], extraRoutes: string[] = []): CheckPlan {
  const targets: PlannedTarget[] = [];
  manifest.items.forEach((item, k) => {
    const index = itemIndexes[k] ?? k;
    const scoped = routesOfCondition(item.when);
    const itemScope = scoped.routes.length
      ? { scope: 'route' as const, routes: scoped.routes, routeSource: 'when["page.path"]' }
      : { scope: 'any' as const, routes: [], routeSource: scoped.note ? `none: ${scoped.note}` : 'none (no page condition)' };
    if (item.type !== 'tour') {
      const { target, reason } = itemTarget(item);
      targets.push(planned(item, target ? ['items', index, 'target'] : ['items', index], target, itemScope, reason));
      return;
    }
    // A step without `route` shows wherever the tour is: where the previous step was, or
    // where its `advanceOn.route` led. The first step starts where the tour item may start.
    // `led` is true right after an advanceOn.route: that label already says where the route came from.
    let current = itemScope;
    let led = false;
    item.steps.forEach((step: TourStep, j) => {
      if (step.route) current = { scope: 'route', routes: [step.route], routeSource: 'step route' };
      else if (j > 0 && !led && current.scope === 'route') current = { ...current, routeSource: `inherited from steps[${j - 1}]` };
      led = false;
      const at: PathSegment[] = ['items', index, 'steps', j];
      const entry = planned(item, step.target ? [...at, 'target'] : at, step.target, current, 'a centered step');
      entry.step = j;
      if (step.id) entry.stepId = step.id;
      targets.push(entry);
      if (step.advanceOn && 'route' in step.advanceOn) {
        current = { scope: 'route', routes: [step.advanceOn.route], routeSource: `advanceOn.route of steps[${j}]` };
        led = true;
      }
    });
  });
  const routes: string[] = [];
  const add = (route: string) => {
    if (!routes.includes(route)) routes.push(route);
  };
  if (targets.some((t) => t.target && t.scope === 'any')) add('/');
  for (const t of targets) if (t.target && t.scope === 'route') t.routes.forEach(add);
  extraRoutes.forEach(add);
  // Unscoped targets are looked for on every page that is opened anyway.
  for (const t of targets) if (t.target && t.scope === 'any') t.routes = [...routes];
  return { targets, routes };
}

function planned(
  item: Item,
  segments: PathSegment[],
  target: Target | undefined,
  scope: { scope: 'route' | 'any'; routes: string[]; routeSource: string },
  noTargetReason?: string,
): PlannedTarget {
  return {
    itemId: item.id,
    itemType: item.type,
    path: formatPath(segments),
    segments,
    target,
    selectors: target ? targetSelectors(target) : [],
    kinds: target ? selectorKinds(target) : [],
    scope: scope.scope,
    routes: [...scope.routes],
    routeSource: scope.routeSource,
    ...(target ? {} : { noTargetReason: noTargetReason ?? 'no target' }),
  };
}
