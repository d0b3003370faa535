/**
 * A tour's steps: each with its target (and how many elements it matches here), the page it
 * lives on, its texts, placement and what moves the tour on; reordered with Move up / Move
 * down buttons (keyboard-usable, unlike drag and drop), deleted, previewed one by one. New
 * steps are picked on whatever page the writer has navigated to.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isObject, type Json, type JsonObject } from './json-patch';
import { listOf } from './edit';
import { fieldId, PlacementField, SelectField, TargetInfo, TextField } from './fields';
import { Texts } from './Texts';
import type { AuthoringAction } from './state';

export interface TourStepsProps {
  tour: JsonObject;
  doc: Document;
  locale: string;
  defaultLocale: string;
  dispatch: (action: AuthoringAction) => void;
  onPickStep: () => void;
  onRetarget: (step: number) => void;
  onPreview: (step: number) => void;
}

type Advance = 'none' | 'click' | 'event' | 'route';

const advanceKind = (value: Json | undefined): Advance =>
  !isObject(value) ? 'none' : 'click' in value ? 'click' : 'event' in value ? 'event' : 'route' in value ? 'route' : 'none';

function AdvanceOn({ id, step, value, nextRoute, dispatch }: { id: string; step: number; value: Json | undefined; nextRoute: string; dispatch: TourStepsProps['dispatch'] }) {
  const kind = advanceKind(value);
  const set = (next: Json | undefined) => dispatch({ type: 'set-step', id, step, key: 'advanceOn', value: next });
  const detail = isObject(value) ? value[kind] : undefined;
  return (
    <>
      <SelectField
        id={fieldId(id, step, 'advance')}
        label="Moves on when"
        value={kind}
        options={[['none', 'the reader presses Next'], ['click', 'the target is clicked'], ['event', 'an event is tracked'], ['route', 'the reader reaches a page']]}
        onChange={(next) => set(next === 'none' ? undefined : next === 'click' ? { click: true } : next === 'event' ? { event: '' } : { route: nextRoute })}
      />
      {kind === 'event' && <TextField id={fieldId(id, step, 'advance-event')} label="Event name" value={String(detail ?? '')} onInput={(event) => set({ event })} />}
      {kind === 'route' && <TextField id={fieldId(id, step, 'advance-route')} label="Page path (moves on at that page or a page below it)" value={String(detail ?? '')} onInput={(route) => set({ route })} />}
    </>
  );
}

export function TourSteps({ tour, doc, locale, defaultLocale, dispatch, onPickStep, onRetarget, onPreview }: TourStepsProps) {
  const id = tour.id as string;
  const steps = listOf(tour.steps);
  const here = doc.location.pathname;
  const section = useRef<HTMLElement>(null);
  // Focus follows a moved step (its move button at the new place, or the other one at an end).
  const [moved, setMoved] = useState<{ step: number; by: -1 | 1 }>();
  useEffect(() => {
    if (!moved) return;
    setMoved(undefined);
    const buttons = (by: number) => section.current?.querySelector<HTMLButtonElement>(`[data-step="${moved.step}"] [data-move="${by}"]`);
    const same = buttons(moved.by);
    (same && !same.disabled ? same : buttons(-moved.by))?.focus();
  }, [moved]);
  const move = (step: number, by: -1 | 1) => {
    dispatch({ type: 'move-step', id, step, by });
    setMoved({ step: step + by, by });
  };
  return (
    <section aria-labelledby={fieldId(id, 'steps')} ref={section}>
      <h4 id={fieldId(id, 'steps')}>Steps ({steps.length})</h4>
      <ol data-author="steps">
        {steps.map((raw, index) => {
          if (!isObject(raw)) return <li>Step {index + 1} is not an object; edit it in the file.</li>;
          const step = raw;
          const route = typeof step.route === 'string' ? step.route : undefined;
          const label = `step ${index + 1}`;
          const nextRoute = listOf(steps).slice(index + 1).map((s) => (isObject(s) && typeof s.route === 'string' ? s.route : undefined)).find(Boolean) ?? here;
          return (
            <li data-author="step" data-step={index}>
              <fieldset>
                <legend>
                  Step {index + 1} of {steps.length}
                </legend>
                <TargetInfo doc={doc} target={step.target} route={route} />
                <TextField id={fieldId(id, index, 'route')} label="Page it lives on" value={route ?? ''} placeholder="any page" onInput={(value) => dispatch({ type: 'set-step', id, step: index, key: 'route', value: value || undefined })} />
                {route !== here && (
                  <button type="button" onClick={() => dispatch({ type: 'set-step', id, step: index, key: 'route', value: here })}>
                    Use this page ({here})
                  </button>
                )}
                <Texts itemId={id} owner={step} step={index} fields={['title', 'body']} locale={locale} defaultLocale={defaultLocale} dispatch={dispatch} />
                <PlacementField id={fieldId(id, index, 'placement')} value={step.placement} center onChange={(value) => dispatch({ type: 'set-step', id, step: index, key: 'placement', value })} />
                <AdvanceOn id={id} step={index} value={step.advanceOn} nextRoute={nextRoute} dispatch={dispatch} />
                <div data-author="row">
                  <button type="button" data-move="-1" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                    Move up
                  </button>
                  <button type="button" data-move="1" aria-label={`Move ${label} down`} disabled={index === steps.length - 1} onClick={() => move(index, 1)}>
                    Move down
                  </button>
                  <button type="button" aria-label={`Preview ${label}`} onClick={() => onPreview(index)}>
                    Preview
                  </button>
                  <button type="button" aria-label={`Pick a new target for ${label}`} onClick={() => onRetarget(index)}>
                    Pick target
                  </button>
                  <button type="button" aria-label={`Delete ${label}`} disabled={steps.length === 1} onClick={() => dispatch({ type: 'delete-step', id, step: index })}>
                    Delete
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" data-action="add-step" onClick={onPickStep}>
        Add a step: pick its target
      </button>
      <p data-author="hint">Navigate in your product first to add a step on another page; the step remembers the page it was picked on.</p>
    </section>
  );
}
