/**
 * What `guidepost check` reports, as data (`--json` prints it as it is; `formatReport` in
 * check.ts prints it for people): a verdict per target and route, rolled up per item.
 */
import type { Target } from '../manifest/schema';
import type { SelectorKind } from './check-plan';
import type { RouteVisit } from './check-browser';

export type Status = 'ok' | 'warning' | 'broken';

export interface Message {
  severity: 'error' | 'warning';
  /** no-match, hidden, page-failed, primary-selector-broke, multiple-matches, covered, invalid-selector */
  code: string;
  message: string;
}

/** One target on one route. */
export interface RouteResult {
  route: string;
  status: Status;
  /** Elements matched by the selector the SDK would use (0 when none matched). */
  matches: number;
  selector?: string;
  /** Which selector matched: the primary `selector`, the `anchor`, or a fallback. */
  matchedBy?: SelectorKind;
  /** 0-based index in `fallbacks`, when a fallback matched. */
  fallback?: number;
  element?: string;
  inShadowRoot?: boolean;
  visible?: boolean;
  hiddenReason?: string;
  covered?: boolean;
  coveredBy?: string;
  box?: { x: number; y: number; width: number; height: number };
  messages: Message[];
}

export interface TargetReport {
  /** 0-based step index, for tour steps. */
  step?: number;
  stepId?: string;
  path: string;
  line: number;
  column: number;
  status: Status | 'no-target';
  noTargetReason?: string;
  target?: Target;
  selectors?: string[];
  scope?: 'route' | 'any';
  routeSource?: string;
  results: RouteResult[];
  /** For unscoped targets, the routes where it is missing or hidden (not a problem while it works on one). */
  missingOn?: string[];
}

export interface ItemReport {
  id: string;
  type: string;
  status: Status | 'no-target';
  targets: TargetReport[];
}

export interface CheckReport {
  manifest: string;
  url: string;
  ok: boolean;
  routes: Omit<RouteVisit, 'results'>[];
  summary: { targets: number; ok: number; warnings: number; broken: number; noTarget: number };
  items: ItemReport[];
}
