/**
 * The element picker: hover to highlight, click to get a recommended stable selector and
 * how many elements it matches, ready to paste into the manifest. Esc cancels.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { recommendSelector, type SelectorRecommendation } from '../dom/recommend-selector';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PickerProps {
  onPicked: (result: SelectorRecommendation) => void;
  onCancel: () => void;
}

/** The page element under a point, looking past our own overlay. */
function elementAt(doc: Document, x: number, y: number): Element | undefined {
  // Guidepost's own hosts may carry another tag name when the page took ours: the attribute says which.
  return doc.elementsFromPoint(x, y).find((el) => !el.hasAttribute('data-guidepost-host') && el !== doc.documentElement && el !== doc.body);
}

export function Picker({ onPicked, onCancel }: PickerProps) {
  const surface = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<Box | undefined>(undefined);

  useEffect(() => {
    surface.current?.focus();
  }, []);

  const doc = () => (surface.current?.getRootNode() as ShadowRoot).host.ownerDocument;
  return (
    <div
      ref={surface}
      data-part="picker"
      data-state="picking"
      role="application"
      aria-label="Element picker: click an element of the page, or press Escape to cancel"
      tabIndex={0}
      onPointerMove={(e) => {
        const element = elementAt(doc(), e.clientX, e.clientY);
        const rect = element?.getBoundingClientRect();
        setBox(rect && { x: rect.x, y: rect.y, width: rect.width, height: rect.height });
      }}
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        const element = elementAt(doc(), e.clientX, e.clientY);
        if (element) onPicked(recommendSelector(element));
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Handled: an open tooltip's Escape (escape.ts) leaves it be, and no dismissal is recorded.
        e.preventDefault();
        onCancel();
      }}
    >
      {box && <div data-part="picker-highlight" style={{ left: `${box.x}px`, top: `${box.y}px`, width: `${box.width}px`, height: `${box.height}px` }} />}
    </div>
  );
}

export function PickerResult({ result, onClose }: { result: SelectorRecommendation; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = typeof result.target === 'string' ? JSON.stringify(result.target) : JSON.stringify(result.target);
  return (
    <div data-part="picker-result" role="status">
      <p>
        Selector <code data-part="picker-selector">{result.selector}</code> matches <strong data-part="picker-matches">{result.matches}</strong> element{result.matches === 1 ? '' : 's'} ({result.strategy}).
      </p>
      <p>
        Manifest target: <code data-part="picker-target">{text}</code>
      </p>
      <div data-part="actions">
        <button
          type="button"
          data-part="button"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? 'Copied' : 'Copy target'}
        </button>
        <button type="button" data-part="button" onClick={onClose}>Done</button>
      </div>
    </div>
  );
}
