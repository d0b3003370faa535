/**
 * Keeps tabs of one origin consistent through BroadcastChannel: progress changes (a
 * dismissal in one tab hides the item in the others) and which tab runs a tour (a tour
 * running in one tab does not start in another).
 */
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

/** Opens the channel, or returns undefined where BroadcastChannel is missing (one tab works alone). */
export function openTabChannel(name: string, tabId: string, scope: { BroadcastChannel?: typeof BroadcastChannel } = globalThis): TabChannel | undefined {
  const Channel = scope.BroadcastChannel;
  if (typeof Channel !== 'function') return undefined;
  const channel = new Channel(name);
  const listeners = new Set<(message: TabMessage) => void>();
  channel.onmessage = (event: MessageEvent<TabMessage>) => {
    const message = event.data;
    if (message && typeof message === 'object' && typeof message.kind === 'string') listeners.forEach((l) => l(message));
  };
  return {
    tabId,
    post(message) {
      try {
        channel.postMessage(message);
      } catch {
        // Closed (after destroy) or not cloneable: other tabs simply miss this change.
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      channel.close();
    },
  };
}
