/** The options of `createGuidepost`, and the public handle it returns. */
import type { Reason } from './engine/decide';
import type { GuidepostError } from './errors';
import type { Manifest } from './manifest/schema';
import type { KeyValueStorage } from './store/storage';
import type { EventType, GuidepostEvent } from './track/event';
import type { Transport } from './track/transport';

/** Who the user is. Only these ids leave the device, and only to a configured endpoint. */
export interface GuidepostUser {
  /** Your id for the signed-in user. Omit for anonymous visitors; `null` in identify() signs out. */
  id?: string | null;
  /** The account (workspace, organization) the user belongs to: the unit of account-level experiments. */
  accountId?: string | null;
  /** User traits for targeting, e.g. `{ plan: "trial", firstName: "Ada" }`. Used on the device only. */
  traits?: Record<string, unknown> | null;
  /** Account traits for targeting, available as `account.*` in conditions. */
  accountTraits?: Record<string, unknown> | null;
}

export interface GuidepostOptions {
  /** The manifest object, or the URL of a JSON manifest (fetched at `start()`, last good copy cached). */
  manifest: unknown;
  /** @default {} (anonymous) */
  user?: GuidepostUser;
  /** BCP 47 tag used to pick translations. @default navigator.language, else the manifest's defaultLocale */
  locale?: string;
  /** Collector URL (a string or a URL object) that receives batches of events as JSON. @default undefined (events stay local; onEvent still fires) */
  endpoint?: string | URL;
  /** Called with every event, for analytics bridges. @default undefined */
  onEvent?: (event: GuidepostEvent) => void;
  /** Called with every problem; the SDK never throws into the host page. @default console.warn once per message */
  onError?: (error: GuidepostError) => void;
  /**
   * Key-value storage for progress. Failures fall back to memory per operation: reads keep
   * coming from this storage, a failed write is kept in memory for the page (and wins over the
   * stored value), and the first failure is reported once (`onError`, code `storage`).
   * `destroy()` calls its `close()`, if it has one.
   * @default IndexedDB (database `guidepost`), falling back to memory
   */
  storage?: KeyValueStorage;
  /**
   * How long a storage operation (progress and the event outbox, in IndexedDB or in the
   * `storage` given) may take, in ms. One that does not answer in time — some private modes and
   * locked profiles never answer an open, a remote store may hang — counts as failed: it is
   * reported once and Guidepost goes on in memory, so `start()` resolves and help shows. The
   * storage is used again if it answers later. `Infinity` waits as long as it takes (not recommended).
   * @default 3000
   */
  storageTimeoutMs?: number;
  /** Event transport. @default HTTP POST to `endpoint` (with sendBeacon on page hide) */
  transport?: Transport;
  /** Clock, in ms since the epoch. @default Date.now */
  now?: () => number;
  /** Document to render into. @default the global document */
  document?: Document;
  /** How long to wait for a target that is not in the page yet, in ms. @default 5000 */
  targetTimeoutMs?: number;
  /**
   * Takes the person to another page of the app: a tour step's "Take me there" button, Next
   * when the next step lives on another route, `startTour()` on a tour waiting for one, and a
   * checklist task with a `url` of this site (given as a path, with its query and hash).
   * Single-page apps pass their router's navigate so the page is not reloaded.
   * @default `location.assign(path)`
   */
  navigate?: (path: string) => void;
  /**
   * Keep events on the device (in the outbox) and call no sink until `consent(true)`.
   * Call `consent()` on every page load: the decision is not stored. @default false
   */
  requireConsent?: boolean;
  /** Bound of the event outbox; past it the oldest events are dropped and the count reported. @default 10000 */
  maxQueuedEvents?: number;
  /**
   * Lets `author(true)` (or `?guidepost_author=1`) open the authoring panel on a page whose
   * manifest was compiled by `guidepost build` (a production build). Without it, authoring
   * works with source manifests only (development, staging) and a request on a compiled one
   * is reported through `onError` and ignored. Source manifests need no option.
   * @default false
   */
  authoring?: boolean;
}

/** Why an item is not showing: an engine reason, or the holdout arm of an experiment. */
export type ExplanationReason =
  | Reason
  | { code: 'holdout'; experiment: string; variation: string }
  | { code: 'cannot-render'; error: string }
  /**
   * The item may show, and the decision engine (loaded once some item may show on a page) is
   * still loading, or (`failed`) could not be loaded: it is tried again on the next page view.
   */
  | { code: 'deciding'; failed?: boolean }
  /**
   * The item would show, but the code that draws it (`part`: the UI, the widgets' chunk for
   * banners, checklists, hotspots and help links, or the tour code) could not be loaded: reported
   * to onError, tried again on the next page view or startTour().
   */
  | { code: 'not-loaded'; part: 'UI' | 'widgets' | 'tours' }
  /**
   * A running tour whose current step is not on screen yet: it waits for a page (`route`), for
   * its target (`selector`), or for the page's open modal dialog to close (`dialog`: its target
   * is behind the dialog, or it has none and would cover it).
   */
  | { code: 'waiting'; step: number; route?: string; selector?: string; dialog?: true };

/** An item's verdict, as `explain()` returns it. */
export interface Explanation {
  itemId: string;
  type: string;
  shown: boolean;
  reason: ExplanationReason;
  /** The reason in plain words. */
  message: string;
}

/** Event types `on()` accepts: one event type, or `*` for all. */
export type EventSubscription = EventType | '*';

export interface Guidepost {
  /** Loads the manifest and progress, then shows what is eligible. Never rejects. */
  start(): Promise<void>;
  /** Records a behaviour event (goals, triggers, checklist tasks, conditions on `events.*`). */
  track(name: string, properties?: Record<string, unknown>): void;
  /** Changes the user (sign-in, sign-out, new traits) and re-evaluates. */
  identify(user: GuidepostUser): void;
  /**
   * Starts a tour now, regardless of its trigger and the pacing caps:
   * - a tour that is not running starts at its first step, also one completed or dismissed
   *   before (a replay; its end is recorded again);
   * - a running tour whose step is on screen stays where it is (focus moves to the step);
   * - a running tour whose step waits for another page takes the person there (`navigate`);
   * - a running tour whose step waits for its target on this page is reported (`onError`,
   *   code `target`) with what it waits for; `explain(id)` says the same.
   * An id that is not a tour of the manifest is reported.
   */
  startTour(tourId: string): void;
  /**
   * Closes a running tour as the person's × would: dismissed (it does not come back on its own;
   * `startTour()` replays it), reported with `origin: "api"`. A tour that is not running is left
   * as it is; an id that is not a tour of the manifest is reported.
   */
  closeTour(tourId: string): void;
  /** Why each item is or is not showing. With an id, that item's explanation. */
  explain(): Explanation[];
  explain(itemId: string): Explanation | undefined;
  /** Subscribes to events; returns the function that unsubscribes. */
  on(type: EventSubscription, listener: (event: GuidepostEvent) => void): () => void;
  /**
   * Calls `listener` after decisions (a route change, an event, a target that appeared, a
   * dismissal): what shows, or what `explain()` says, may have changed. Once per burst, in a
   * microtask. For UI bindings that show `explain()`, which
   * events alone do not keep fresh (a route change emits none). Returns the function that
   * unsubscribes; `destroy()` unsubscribes all.
   */
  onChange(listener: () => void): () => void;
  /**
   * Shows an item now regardless of targeting and pacing, marked as a preview. A preview
   * records no progress and sends no events. Also: `?guidepost_preview=<itemId>`.
   */
  preview(itemId: string): void;
  /** Opens (or closes) the debug panel. Also: `?guidepost_debug=1`. */
  debug(open: boolean): void;
  /**
   * Opens (or closes) authoring mode: a panel over the page where writers pick elements,
   * create and edit help, build tours, preview them live and export the edited manifest (a
   * file, a JSON Patch, or "Save to file" with `guidepost serve --author`). Also:
   * `?guidepost_author=1`. Its code is loaded only when it first opens. While it is open no
   * event is emitted (`onEvent`, `on()` and the collector hear nothing). On a manifest
   * compiled by `guidepost build` it needs the `authoring: true` option; without it the
   * request is reported through `onError` and authoring stays off.
   */
  author(open: boolean): void;
  /** Grants (sends what waited) or revokes (deletes what waited) consent to send events. */
  consent(granted: boolean): Promise<void>;
  /**
   * Sends pending events now and resolves when the collector acknowledged them (true) or after
   * `timeoutMs` (false): for links that leave the page. @default timeoutMs 1000
   */
  flushBeforeNavigation(timeoutMs?: number): Promise<boolean>;
  /**
   * Deletes every local record of this device — progress, identity (a new anonymous id
   * follows), sticky experiment assignments, the cached manifest — for privacy requests.
   * Events already waiting to be sent are kept; `consent(false)` deletes those.
   */
  reset(): Promise<void>;
  /**
   * Removes everything the SDK added: nodes, listeners, observers, timers, the history hook,
   * the cross-tab channel; database connections close once the writes in flight are done.
   * Safe to call before `start()` resolved, and any number of times.
   */
  destroy(): void;
  /** The validated manifest, once started. */
  readonly manifest: Manifest | null;
}
