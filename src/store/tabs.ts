/**
 * Keeps tabs of one origin consistent through BroadcastChannel: progress changes (a
 * dismissal in one tab hides the item in the others) and which tab runs a tour (a tour
 * running in one tab does not start in another).
 */
import { errorText } from './idb';
import type { ProgressChange } from './merge';

export type TabMessage =
  /** A progress change for the progress record `key`. */
  | { kind: 'progress'; key: string; change: ProgressChange }
  /** Tab `tab` now runs `tour` (null: none). */
  | { kind: 'tour'; tab: string; tour: string | null }
  /** A new tab asks who runs a tour. */
  | { kind: 'hello'; tab: string }
  /** Progress record `key` was deleted (gp.reset()). */
  | { kind: 'reset'; key: string };

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
  channel.onmessage = (event: MessageEvent<TabMessage>) => {
    const message = event.data;
    if (message && typeof message === 'object' && typeof message.kind === 'string') listeners.forEach((l) => l(message));
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
