/**
 * The manifest's items in file order, each with explain()'s verdict for the writer right now and
 * how many problems the validator found in it; the button selects it for editing. Below, after a
 * pick, the chooser: what to create on the picked element.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { SelectorRecommendation } from '../dom/recommend-selector';
import type { ManifestProblem } from '../manifest/problems';
import type { Explanation } from '../options';
import { isObject, type Json } from './json-patch';
import type { AnchoredKind } from './edit';

export interface ItemListProps {
  items: readonly Json[];
  selected: string | undefined;
  explanations: readonly Explanation[];
  problems: Map<string, ManifestProblem[]>;
  onSelect: (id: string) => void;
  /** Deletes entry `index` (an entry repeating an earlier id, which the forms cannot tell apart from it). */
  onDeleteEntry?: (id: string, index: number) => void;
}

export function ItemList({ items, selected, explanations, problems, onSelect, onDeleteEntry }: ItemListProps) {
  const first = new Map<string, number>();
  return (
    <section aria-labelledby="gp-author-items">
      <h3 id="gp-author-items" tabIndex={-1}>Items ({items.length})</h3>
      <ul data-author="items">
        {items.map((item, index) => {
          if (!isObject(item) || typeof item.id !== 'string') return <li>Entry {index + 1} has no id; fix it in the file.</li>;
          const id = item.id;
          // The forms edit an item by its id, which is the first entry's (the SDK skips the later
          // ones): a repeat is not selectable, only deletable by its place, or renamed in the file.
          const earlier = first.get(id);
          if (earlier !== undefined) {
            return (
              <li data-item={id} data-state="duplicate">
                <code>{id}</code>
                <span data-author="badge">
                  entry {index + 1} repeats the id of entry {earlier + 1}: the SDK skips it; rename it in the file or delete it
                </span>
                {onDeleteEntry && (
                  <button type="button" data-action="delete-entry" onClick={() => onDeleteEntry(id, index)}>
                    Delete entry {index + 1}
                  </button>
                )}
              </li>
            );
          }
          first.set(id, index);
          const verdict = explanations.find((e) => e.itemId === id);
          const count = problems.get(id)?.filter((p) => p.severity === 'error').length ?? 0;
          return (
            <li data-item={id} data-state={id === selected ? 'selected' : 'idle'}>
              <button type="button" aria-current={id === selected ? 'true' : undefined} onClick={() => onSelect(id)}>
                {id}
              </button>
              <span>{String(item.type)}</span>
              {count > 0 && <span data-author="badge">{count} error{count === 1 ? '' : 's'}</span>}
              <span data-author="verdict">{verdict ? verdict.message : count > 0 ? 'skipped by the SDK: it has errors' : 'being applied…'}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export interface ChooserProps {
  picked: SelectorRecommendation;
  /** Tours to add the picked element to as their next step. */
  tours: readonly string[];
  onCreate: (kind: AnchoredKind | 'tour') => void;
  onAddStep: (tourId: string) => void;
  onCancel: () => void;
}

const KINDS: [AnchoredKind | 'tour', string][] = [['helpLink', 'Help link'], ['tooltip', 'Tooltip'], ['hotspot', 'Hotspot'], ['tour', 'New tour starting here']];

export function Chooser({ picked, tours, onCreate, onAddStep, onCancel }: ChooserProps) {
  const first = useRef<HTMLButtonElement>(null);
  // Focus comes here once, after the pick (keyboard users continue from the choices).
  useEffect(() => first.current?.focus(), []);
  return (
    <section data-author="chooser" aria-labelledby="gp-author-chooser" role="group">
      <h3 id="gp-author-chooser">Create help on the picked element</h3>
      <p>
        Selector <code data-author="selector">{picked.selector}</code>{' '}
        <span data-author="matches">
          matches <strong>{picked.matches}</strong> element{picked.matches === 1 ? '' : 's'} ({picked.strategy === 'data-help' ? 'a data-help anchor: survives redesigns' : picked.strategy})
        </span>
      </p>
      <div data-author="row">
        {KINDS.map(([kind, label], index) => (
          <button type="button" data-create={kind} ref={index === 0 ? first : undefined} onClick={() => onCreate(kind)}>
            {label}
          </button>
        ))}
        {tours.map((id) => (
          <button type="button" data-add-step={id} onClick={() => onAddStep(id)}>
            Next step of {id}
          </button>
        ))}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
