/**
 * The layer's one live region. What appears by itself (a tooltip beside its target) or changes
 * where focus is not (a checklist's progress) is otherwise silent: screen readers announce a
 * non-modal dialog only when focus moves into it, and aria-describedby cannot point across the
 * shadow boundary. So it is said here, politely, in a visually hidden region.
 *
 * Layer.tsx renders the region, empty, with its first render and keeps it: a live region must be
 * in the accessibility tree before its text changes, or nothing is announced. That first render
 * may be the one that brings the tooltip, so words are written a moment after they are asked for.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';

/** Time for a region that has just been added to reach the accessibility tree (Chromium updates it after layout). */
const DELAY = 150;

/**
 * The timer of the words a region is about to say, kept on the region itself: it lives and goes
 * with its layer, and nothing is shared between instances at module level.
 */
const PENDING = Symbol('guidepost.announcing');
type Region = Element & { [PENDING]?: ReturnType<typeof setTimeout> };

/** The visually hidden live region (one per layer). */
export function Announcer() {
  const region = useRef<HTMLDivElement & Region>(null);
  // destroy() (or the layer going) takes words still waiting along, and their timer.
  useLayoutEffect(() => () => clearTimeout(region.current![PENDING]), []);
  return <div ref={region} data-part="announcer" role="status" aria-live="polite" />;
}

/**
 * Says `text` (its first words, when long) in the live region of `from`'s shadow root; nothing
 * where there is none. Words asked for in the same moment replace each other: the last are said.
 * Returns a withdrawal: what appeared and is gone again (a tooltip) must not stay in the region,
 * where a screen reader reading the page would find it as the current status.
 */
export function announce(from: Node, text: string | null | undefined): () => void {
  const words = text?.trim();
  const region = words && (from.getRootNode() as ParentNode).querySelector?.<Element & Region>('[data-part=announcer]');
  if (!words || !region) return () => undefined;
  clearTimeout(region[PENDING]);
  // Emptied now and filled later: the same words again (a tip shown again) are a change too.
  region.textContent = '';
  // A long body is cut at a word (or at 100 characters, in scripts without spaces).
  const said = words.length > 100 ? words.slice(0, 100).replace(/\s\S*$/, '') + '…' : words;
  const timer = setTimeout(() => (region.textContent = said), DELAY);
  region[PENDING] = timer;
  return () => {
    // Only these words: the region may say something newer by now (another tip, a checklist's progress).
    if (region[PENDING] !== timer) return;
    clearTimeout(timer);
    if (region.textContent === said) region.textContent = '';
  };
}
