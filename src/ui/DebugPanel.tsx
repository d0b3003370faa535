/**
 * The "why isn't it showing?" panel for content writers: every item with its state and
 * verdict, the attributes conditions see, experiment arms, the outbox, and actions to
 * reset progress, force a variation, replay an item and pick an element.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Assignment } from '../engine/assign';
import type { Experiment } from '../manifest/schema';
import type { Explanation } from '../options';
import { CloseButton } from './Card';
import { DEBUG_CSS } from './debug-styles';
import { addStyles } from './host';

export interface DebugData {
  explanations: Explanation[];
  statuses: Record<string, string | undefined>;
  attributes: Record<string, unknown>;
  experiments: Experiment[];
  assignments: Assignment[];
  outbox: number;
  revision: string;
}

export interface DebugActions {
  onClose: () => void;
  onReset: () => void;
  onForce: (experiment: string, variation: string) => void;
  onReplay: (itemId: string) => void;
  onPick: () => void;
  onRefresh: () => void;
}

/**
 * The debug tools' stylesheet, in the shadow root `panel` is drawn in, while the panel is open:
 * added before the browser paints it, taken away when it closes.
 */
function useDebugStyles(panel: { current: HTMLElement | null }) {
  useLayoutEffect(() => {
    const root = panel.current?.getRootNode();
    const view = panel.current?.ownerDocument.defaultView;
    return view && root instanceof view.ShadowRoot ? addStyles(root, DEBUG_CSS) : undefined;
  }, []);
}

export function DebugPanel({ data, actions }: { data: DebugData; actions: DebugActions }) {
  const [filter, setFilter] = useState('');
  const panel = useRef<HTMLElement>(null);
  useDebugStyles(panel);
  const items = data.explanations.filter((e) => !filter || e.itemId.includes(filter) || e.type.includes(filter));
  return (
    <aside ref={panel} data-part="debug-panel" data-state="open" aria-labelledby="gp-debug-title">
      <CloseButton label="Close debug panel" onClose={actions.onClose} />
      <h2 data-part="title" id="gp-debug-title">Guidepost debug</h2>
      <p data-part="debug-meta">
        Manifest revision <code>{data.revision}</code> · outbox: <strong data-part="debug-outbox">{data.outbox}</strong> event(s) waiting
      </p>
      <div data-part="actions" style={{ justifyContent: 'flex-start' }}>
        <button type="button" data-part="button" data-action="pick" onClick={actions.onPick}>Pick an element</button>
        <button type="button" data-part="button" data-action="refresh" onClick={actions.onRefresh}>Refresh</button>
        <button type="button" data-part="button" data-action="reset" onClick={actions.onReset}>Reset progress</button>
      </div>
      <label for="gp-debug-filter" data-part="debug-label">Filter items</label>
      <input id="gp-debug-filter" data-part="debug-filter" type="search" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
      <table data-part="debug-items">
        <caption data-part="visually-hidden">Items and why they are or are not showing</caption>
        <thead>
          <tr><th scope="col">Item</th><th scope="col">State</th><th scope="col">Verdict</th><th scope="col"><span data-part="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr data-item={e.itemId} data-state={e.shown ? 'shown' : 'hidden'}>
              <th scope="row"><code>{e.itemId}</code> <small>{e.type}</small></th>
              <td>{data.statuses[e.itemId] ?? 'new'}</td>
              <td data-part="debug-verdict">{e.message}</td>
              <td><button type="button" data-part="button" data-action="replay" aria-label={`Replay ${e.itemId}`} onClick={() => actions.onReplay(e.itemId)}>Replay</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.experiments.length > 0 && (
        <section aria-labelledby="gp-debug-experiments">
          <h3 id="gp-debug-experiments" data-part="title">Experiments</h3>
          {data.experiments.map((experiment) => {
            const assignment = data.assignments.find((a) => a.experiment === experiment.key);
            const id = `gp-debug-force-${experiment.key}`;
            return (
              <div data-part="debug-experiment" data-experiment={experiment.key}>
                <label for={id}>
                  <code>{experiment.key}</code> ({experiment.unit ?? 'user'} <code>{assignment?.unitId ?? '—'}</code>, {assignment?.reason ?? 'not assigned'})
                </label>
                <select id={id} value={assignment?.variation ?? ''} onChange={(e) => actions.onForce(experiment.key, (e.target as HTMLSelectElement).value)}>
                  {!assignment?.inExperiment && <option value="">not in experiment</option>}
                  {experiment.variations.map((v) => (
                    <option value={v.key}>{v.key}{v.enabled === false ? ' (holdout)' : ''}</option>
                  ))}
                </select>
              </div>
            );
          })}
        </section>
      )}
      <details data-part="debug-attributes">
        <summary>Attributes conditions see</summary>
        <pre>{attributesText(data.attributes)}</pre>
      </details>
    </aside>
  );
}

/**
 * The attributes as JSON, whatever the host passed: a BigInt is written as its digits and a
 * cycle as "[cycle]" instead of throwing, which would take the whole panel (and every render while
 * it is open) down.
 */
function attributesText(attributes: unknown): string {
  // The objects on the path from the root to the value being written: an object met again on
  // its own path is a cycle; one shared by two branches ({user: t, account: t}) is written twice.
  const ancestors: unknown[] = [];
  try {
    return JSON.stringify(
      attributes,
      function (this: unknown, _key, value: unknown) {
        if (typeof value === 'bigint') return `${value}n`;
        if (typeof value !== 'object' || value === null) return value;
        // `this` holds `value`: what was entered after it is a finished branch.
        while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
        if (ancestors.includes(value)) return '[cycle]';
        ancestors.push(value);
        return value;
      },
      2,
    );
  } catch (error) {
    return `(not shown: ${(error as Error)?.message})`;
  }
}
