/**
 * Small labelled form controls of the panel. Every control has a visible <label> tied to it by
 * id, so screen readers name it and a click on the label focuses it; ids are derived from the
 * item id and field (unique inside the panel's shadow root).
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ManifestProblem } from '../manifest/problems';
import { isRightToLeft } from '../manifest/localize';
import { Placement } from '../manifest/schema';
import { isObject, type Json } from './json-patch';

/** An id usable in `id`/`for` from parts that may hold any character. */
export const fieldId = (...parts: (string | number)[]) => `gp-author-${parts.join('-').replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** The placements the schema accepts (its picklist, so the form cannot offer another). */
export const PLACEMENTS: readonly string[] = (Placement.pipe[0] as { options: readonly string[] }).options;

/**
 * Field id -> the ids of the problem messages about that field (space-separated), given by the
 * item editor: a field a problem points at is marked invalid and described by the message,
 * so a screen reader says what is wrong where the writer is, not only in the list at the top.
 */
export const FieldProblems = createContext<ReadonlyMap<string, string>>(new Map());

/** The ARIA attributes of field `id`: invalid when a problem is about it, described by its own text and the problems. */
function useProblemAria(id: string, describedBy?: string) {
  const problems = useContext(FieldProblems).get(id);
  return { 'aria-invalid': problems ? ('true' as const) : undefined, 'aria-describedby': [describedBy, problems].filter(Boolean).join(' ') || undefined };
}

/**
 * A text field; with `lang`, the text is in that language: marked so (spell checking, screen
 * readers' voice) and written in its direction (right to left for Arabic, Hebrew…).
 */
export function TextField(props: { id: string; label: string; value: string; placeholder?: string; multiline?: boolean; onInput: (value: string) => void; describedBy?: string; lang?: string }) {
  const { id, label, value, placeholder, multiline, onInput, describedBy, lang } = props;
  const dir: 'rtl' | 'ltr' | undefined = lang === undefined ? undefined : isRightToLeft(lang) ? 'rtl' : 'ltr';
  const common = { id, value, placeholder, lang, dir, ...useProblemAria(id, describedBy), onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value) };
  return (
    <>
      <label for={id}>{label}</label>
      {multiline ? <textarea {...common} rows={3} /> : <input type="text" {...common} />}
    </>
  );
}

export function NumberField(props: { id: string; label: string; value: number | undefined; min?: number; step?: number; onChange: (value: number | undefined) => void }) {
  const { id, label, value, min, step, onChange } = props;
  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        {...useProblemAria(id)}
        value={value ?? ''}
        min={min}
        step={step ?? 1}
        onChange={(e) => {
          const raw = (e.currentTarget as HTMLInputElement).value;
          const parsed = raw === '' ? undefined : Number(raw);
          onChange(parsed !== undefined && Number.isFinite(parsed) ? parsed : undefined);
        }}
      />
    </>
  );
}

export function SelectField(props: { id: string; label: string; value: string; options: readonly (readonly [string, string])[]; onChange: (value: string) => void }) {
  const { id, label, value, options, onChange } = props;
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} {...useProblemAria(id)} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        {options.map(([key, text]) => (
          <option value={key}>{text}</option>
        ))}
      </select>
    </>
  );
}

/** The placement select; '' is "default" (the key is removed). */
export function PlacementField({ id, value, onChange, center }: { id: string; value: Json | undefined; center?: boolean; onChange: (value: string | undefined) => void }) {
  const options = PLACEMENTS.filter((p) => center || p !== 'center').map((p) => [p, p] as const);
  return <SelectField id={id} label="Placement" value={typeof value === 'string' ? value : ''} options={[['', 'default'], ...options]} onChange={(v) => onChange(v || undefined)} />;
}

/** The validator's messages, as `guidepost validate` prints them; with an `id`, the i-th message is `${id}-${i}`. */
export function Problems({ problems, id }: { problems: readonly ManifestProblem[] | undefined; id?: string }) {
  if (!problems?.length) return null;
  return (
    <ul data-author="problems" id={id} aria-label="Problems">
      {problems.map((p, i) => (
        <li id={id && `${id}-${i}`}>
          {p.severity}: {p.message}
        </li>
      ))}
    </ul>
  );
}

/** The selector a target stands for (`{anchor}` is `[data-help="…"]`). */
export function targetSelector(target: Json | undefined): string | undefined {
  if (typeof target === 'string') return target;
  if (!isObject(target)) return undefined;
  if (typeof target.anchor === 'string') return `[data-help="${target.anchor.replace(/["\\]/g, '\\$&')}"]`;
  return typeof target.selector === 'string' ? target.selector : undefined;
}

/** How many elements of this page a target matches (0 for an invalid selector). */
export function countMatches(doc: Document, target: Json | undefined): number {
  const selector = targetSelector(target);
  if (!selector) return 0;
  try {
    return doc.querySelectorAll(selector).length;
  } catch {
    return 0;
  }
}

/** The target, and how many elements of this page it matches. */
export function TargetInfo({ doc, target, route }: { doc: Document; target: Json | undefined; route?: string }) {
  const selector = targetSelector(target);
  if (!selector) return <p data-author="hint">No target: shown in the middle of the screen.</p>;
  const matches = countMatches(doc, target);
  const elsewhere = matches === 0 && route !== undefined && route !== doc.location.pathname;
  return (
    <p>
      Target <code data-author="selector">{selector}</code>{' '}
      <span data-author="matches">
        matches <strong>{matches}</strong> element{matches === 1 ? '' : 's'} on this page{elsewhere ? ` (it lives on ${route})` : matches > 1 ? ': the first one is used' : ''}
      </span>
    </p>
  );
}
