/**
 * Keeps tabs of one origin consistent through BroadcastChannel: progress changes (a
 * dismissal in one tab hides the item in the others) and which tab runs a tour (a tour
 * running in one tab does not start in another).
 */
import { MAX_EVENT_NAMES, MAX_PAGE_PATHS } from '../engine/progress';
import { errorText } from './idb';
import { parseIdentity, type IdentityRecord } from './identity';
import { isObject, MAX_STORED_ITEMS, type ProgressChange } from './merge';

export type TabMessage =
  /** A progress change for the progress record `key`. */
  | { kind: 'progress'; key: string; change: ProgressChange }
  /** Tab `tab` now runs `tour` (null: none). */
  | { kind: 'tour'; tab: string; tour: string | null }
  /** A new tab asks who runs a tour. */
  | { kind: 'hello'; tab: string }
  /** Progress record `key` was deleted (gp.reset()). */
  | { kind: 'reset'; key: string }
  /** What this tab reported once or counted for pacing in the device's session (identity.ts mergeIdentity). */
  | { kind: 'session'; identity: IdentityRecord }
  /** The device was reset (gp.reset()): its new identity, which every tab takes. */
  | { kind: 'device'; identity: IdentityRecord }
  /** The anonymous id this tab uses; `made`: made on its page, none being stored (tab-sync.ts settles two). */
  | { kind: 'anonymous'; identity: IdentityRecord; made: boolean };

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 1000;
/** A section of a change: absent, or a record of at most `max` own keys (as writes keep), none of them "__proto__". */
const isSection = (value: unknown, max: number) =>
  value === undefined || (isObject(value) && !Object.prototype.hasOwnProperty.call(value, '__proto__') && Object.keys(value).length <= max);

/**
 * A message of the shape this version posts. Any script of the origin can post on the channel:
 * anything else is dropped here, before a listener sees it (the records inside a change are
 * checked again where they are merged, merge.ts).
 */
function isTabMessage(message: unknown): message is TabMessage {
  if (!isObject(message)) return false;
  switch (message.kind) {
    case 'progress': {
      const change = message.change;
      return isText(message.key) && isObject(change) && isSection(change.items, MAX_STORED_ITEMS) && isSection(change.events, MAX_EVENT_NAMES) && isSection(change.pages, MAX_PAGE_PATHS);
    }
    case 'tour':
      return isText(message.tab) && (message.tour === null || isText(message.tour));
    case 'hello':
      return isText(message.tab);
    case 'reset':
      return isText(message.key);
    case 'session':
    case 'device':
    case 'anonymous':
      return parseIdentity(message.identity) !== undefined;
    default:
      return false;
  }
}

export interface TabChannel {
  readonly tabId: string;
  post(message: TabMessage): void;
  /** Returns the disposer. */
  subscribe(listener: (message: TabMessage) => void): () => void;
  close(): void;
}

/**
 * Opens the channel, or returns undefined where there is none and the tab works alone:
 * BroadcastChannel missing, or its constructor throwing (a SecurityError in opaque origins
 * and sandboxed iframes). A channel that cannot be opened or posted to is reported once
 * through `report`; the tab then simply does not hear or tell the others.
 */
export function openTabChannel(
  name: string,
  tabId: string,
  scope: { BroadcastChannel?: typeof BroadcastChannel } = globalThis,
  report: (error: Error) => void = () => undefined,
): TabChannel | undefined {
  const Channel = scope.BroadcastChannel;
  if (typeof Channel !== 'function') return undefined;
  let channel: BroadcastChannel;
  try {
    channel = new Channel(name);
  } catch (error) {
    report(failure('', error));
    return undefined;
  }
  const listeners = new Set<(message: TabMessage) => void>();
  let closed = false;
  let reported = false;
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (isTabMessage(message)) listeners.forEach((l) => l(message));
  };
  return {
    tabId,
    post(message) {
      if (closed) return;
      try {
        channel.postMessage(message);
      } catch (error) {
        // Other tabs miss this change (their own storage read catches up on reload): say so once.
        if (reported) return;
        reported = true;
        report(failure('.postMessage', error));
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      // The handler goes too: a closed channel must not keep the instance reachable.
      channel.onmessage = null;
      channel.close();
    },
  };
}

/** One wording for both failures: the tab goes on alone either way. */
const failure = (what: string, error: unknown) => new Error(`Guidepost tab sync (BroadcastChannel${what}) failed, this tab works alone: ${errorText(error)}`);
