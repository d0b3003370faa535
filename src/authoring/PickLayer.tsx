/**
 * Picking an element, by mouse or by keyboard. The debug tools' picker (ui/Picker.tsx) does the
 * pointer part: hover highlights, a click picks, Escape cancels. Around it, the keyboard part a
 * pointer-only picker lacks: Tab / arrow keys walk the page's elements that can carry help
 * (controls, anchors, headings, labelled regions), Enter picks the highlighted one.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { recommendSelector, type SelectorRecommendation } from '../dom/recommend-selector';
import { Picker } from '../ui/Picker';

/** What help is usually attached to; in document order. */
const CANDIDATES = 'a[href],button,input,select,textarea,[tabindex],[data-help],[id],h1,h2,h3,h4,h5,h6,[role],[aria-label],th,label,summary';
/** Enough for any screen; a page with more is walked in its first elements. */
const MAX_CANDIDATES = 2000;

function visibleCandidates(doc: Document): Element[] {
  const out: Element[] = [];
  for (const element of Array.from(doc.body.querySelectorAll(CANDIDATES))) {
    if (out.length >= MAX_CANDIDATES) break;
    // Guidepost's own hosts (help links, the layer, this panel) are never targets.
    if (element.closest('[data-guidepost-host]')) continue;
    const rect = element.getBoundingClientRect();
    if (rect.width > 0 && rect.height > 0) out.push(element);
  }
  return out;
}

/** "button “Export CSV”", for the announcement of the highlighted element. */
function describe(element: Element): string {
  const text = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
  return `${element.tagName.toLowerCase()}${text ? ` “${text}”` : ''}`;
}

export interface PickLayerProps {
  /** What the pick is for, said in the bar ("the next step of welcome-tour"). */
  purpose: string;
  onPicked: (result: SelectorRecommendation) => void;
  onCancel: () => void;
}

export function PickLayer({ purpose, onPicked, onCancel }: PickLayerProps) {
  const [index, setIndex] = useState(-1);
  const [doc, setDoc] = useState<Document>();
  const candidates = useMemo(() => (doc ? visibleCandidates(doc) : []), [doc]);
  const current = index >= 0 ? candidates[index] : undefined;
  const [box, setBox] = useState<DOMRect>();

  useEffect(() => {
    if (!current) return setBox(undefined);
    current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    setBox(current.getBoundingClientRect());
  }, [current]);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowDown' || event.key === 'ArrowRight' || (event.key === 'Tab' && !event.shiftKey) ? 1 : event.key === 'ArrowUp' || event.key === 'ArrowLeft' || (event.key === 'Tab' && event.shiftKey) ? -1 : 0;
    if (step && candidates.length) {
      event.preventDefault();
      setIndex((i) => (i < 0 ? (step > 0 ? 0 : candidates.length - 1) : (i + step + candidates.length) % candidates.length));
    } else if (event.key === 'Enter' && current) {
      // Enter only: Space activates buttons on key up, which would land on the chooser that follows.
      event.preventDefault();
      onPicked(recommendSelector(current));
    }
  };

  return (
    // The ref finds the document the picker lives in (a test page's, or an iframe's).
    <div data-author="pick-layer" onKeyDown={onKeyDown} ref={(element) => {
        if (element && !doc) setDoc(element.ownerDocument);
      }}>
      <Picker onPicked={onPicked} onCancel={onCancel} />
      {box && <div data-author="kb-highlight" style={{ left: `${box.x}px`, top: `${box.y}px`, width: `${box.width}px`, height: `${box.height}px` }} />}
      <p data-author="pick-bar" role="status" aria-live="polite">
        Pick {purpose}: click it, or press Tab or the arrow keys to move and Enter to pick. Escape cancels.
        {current && ` ${index + 1} of ${candidates.length}: ${describe(current)}`}
      </p>
    </div>
  );
}
