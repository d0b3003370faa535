/**
 * The selected item: its verdict and problems, target, texts, placement or steps, rules, and
 * the preview and delete actions. What it shows of an item of a kind the panel does not
 * create (banners, checklists) is what every item has: texts and rules.
 */
import type { ManifestProblem } from '../manifest/problems';
import type { Explanation } from '../options';
import type { Json, JsonObject } from './json-patch';
import { fieldId, FieldProblems, PlacementField, Problems, TargetInfo, TextField } from './fields';
import { Rules } from './Rules';
import { Texts } from './Texts';
import { TourSteps } from './TourSteps';
import type { AuthoringAction, TextField as Field } from './state';

export interface ItemEditorProps {
  item: JsonObject;
  doc: Document;
  locale: string;
  defaultLocale: string;
  declare: Json | undefined;
  problems: readonly ManifestProblem[] | undefined;
  explanation: Explanation | undefined;
  previewing: boolean;
  dispatch: (action: AuthoringAction) => void;
  /** Starts picking: a new step (`step` undefined with `newStep`), or a new target for the item or one step. */
  onPick: (pick: { newStep?: boolean; step?: number }) => void;
  onPreview: (step?: number) => void;
  onStopPreview: () => void;
}

const ANCHORED = ['helpLink', 'tooltip', 'hotspot'];
/** Fields named after a key and its member, where the key alone is not the field's name. */
const MEMBER_FIELDS: Record<string, string> = {
  'advanceOn.event': 'advance-event',
  'advanceOn.route': 'advance-route',
  'trigger.event': 'trigger-event',
  'trigger.elementAppears': 'trigger-element',
  'frequency.everyDays': 'every-days',
  'frequency.maxTimes': 'max-times',
};

/** The id of the field (as the forms name them) a problem path such as `items[3].steps[0].advanceOn.event` is about. */
export function problemFieldId(itemId: string, path: string): string | undefined {
  const match = /^items\[\d+\](?:\.steps\[(\d+)\])?\.(\w+)(?:\.(\w+))?/.exec(path);
  if (!match) return undefined;
  const [, step, key, member] = match;
  if (key === 'title' || key === 'body' || key === 'label') return fieldId(itemId, step ?? 'item', key);
  const name = MEMBER_FIELDS[`${key}.${member}`] ?? (key === 'advanceOn' ? 'advance' : key);
  return step === undefined ? fieldId(itemId, name) : fieldId(itemId, step, name);
}

/** Field id -> ids of the messages (`${problemsId}-${i}`) about it. */
function problemsByField(itemId: string, problems: readonly ManifestProblem[] | undefined, problemsId: string): Map<string, string> {
  const byField = new Map<string, string>();
  problems?.forEach((problem, i) => {
    const field = problemFieldId(itemId, problem.path);
    if (field) byField.set(field, [byField.get(field), `${problemsId}-${i}`].filter(Boolean).join(' '));
  });
  return byField;
}

export function ItemEditor(props: ItemEditorProps) {
  const { item, doc, locale, defaultLocale, declare, problems, explanation, previewing, dispatch, onPick, onPreview, onStopPreview } = props;
  const id = item.id as string;
  const type = String(item.type);
  const fields: Field[] = type === 'helpLink' ? ['label', 'title', 'body'] : ['title', 'body'];
  const problemsId = fieldId(id, 'problems');
  return (
    <FieldProblems.Provider value={problemsByField(id, problems, problemsId)}>
      <section data-author="editor" data-item={id} aria-labelledby={fieldId(id, 'heading')}>
        <h3 id={fieldId(id, 'heading')}>
          Editing <code>{id}</code> ({type})
        </h3>
        <p data-author="verdict" aria-label="Verdict for you now">
          {explanation ? explanation.message : 'Not in the running manifest yet (it has errors, or is being applied).'}
        </p>
        <Problems problems={problems} id={problemsId} />
        {ANCHORED.includes(type) && (
          <>
            <TargetInfo doc={doc} target={item.target} />
            <button type="button" onClick={() => onPick({})}>
              Pick another target
            </button>
          </>
        )}
        <Texts itemId={id} owner={item} fields={fields} locale={locale} defaultLocale={defaultLocale} dispatch={dispatch} />
        {type === 'helpLink' && (
          <TextField
            id={fieldId(id, 'url')}
            label="Article URL (optional: without it the “?” opens a popover with the title and body)"
            value={typeof item.url === 'string' ? item.url : ''}
            onInput={(value) => dispatch({ type: 'set', id, key: 'url', value: value || undefined })}
          />
        )}
        {ANCHORED.includes(type) && <PlacementField id={fieldId(id, 'placement')} value={item.placement} onChange={(value) => dispatch({ type: 'set', id, key: 'placement', value })} />}
        {type === 'tour' && (
          <TourSteps
            tour={item}
            doc={doc}
            locale={locale}
            defaultLocale={defaultLocale}
            dispatch={dispatch}
            onPickStep={() => onPick({ newStep: true })}
            onRetarget={(step) => onPick({ step })}
            onPreview={(step) => onPreview(step)}
          />
        )}
        <Rules item={item} declare={declare} path={doc.location.pathname} dispatch={dispatch} />
        <div data-author="row">
          <button type="button" data-primary="" data-action="preview" onClick={() => onPreview()}>
            Preview
          </button>
          {previewing && (
            <button type="button" data-action="stop-preview" onClick={onStopPreview}>
              Stop preview
            </button>
          )}
          <button type="button" data-action="delete" onClick={() => dispatch({ type: 'delete', id })}>
            Delete item
          </button>
        </div>
      </section>
    </FieldProblems.Provider>
  );
}
