/**
 * The locale being written (every text field follows it), a way to start a new locale, and
 * the texts that lack a translation in the manifest's locales, in the words of
 * `guidepost validate --locales`, each with a button that opens it for editing.
 */
import { useState } from 'preact/hooks';
import type { MissingTranslation } from '../manifest/translations';
import { SelectField } from './fields';

/** The tags the schema accepts (schema.ts LocaleTag). */
const LOCALE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

export interface LocalesProps {
  locales: readonly string[];
  locale: string;
  defaultLocale: string;
  missing: readonly MissingTranslation[];
  onLocale: (locale: string) => void;
  onAdd: (locale: string) => void;
  onEdit: (itemId: string, locale: string) => void;
}

export function Locales({ locales, locale, defaultLocale, missing, onLocale, onAdd, onEdit }: LocalesProps) {
  const [draft, setDraft] = useState('');
  const valid = LOCALE_TAG.test(draft);
  return (
    <section aria-labelledby="gp-author-locales">
      <h3 id="gp-author-locales">Language</h3>
      <SelectField
        id="gp-author-locale"
        label="Writing texts in"
        value={locale}
        options={locales.map((tag) => [tag, tag === defaultLocale ? `${tag} (default)` : tag] as const)}
        onChange={onLocale}
      />
      <form
        data-author="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          onAdd(draft);
          setDraft('');
        }}
      >
        <label for="gp-author-new-locale">New locale</label>
        <input id="gp-author-new-locale" type="text" value={draft} placeholder="e.g. de or pt-BR" aria-invalid={draft !== '' && !valid} onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value.trim())} />
        <button type="submit" disabled={!valid}>
          Add locale
        </button>
      </form>
      <details data-author="missing">
        <summary>
          Missing translations ({missing.length})
        </summary>
        {missing.length === 0 ? (
          <p>Every text has every locale.</p>
        ) : (
          <ul>
            {missing.map((m) => (
              <li>
                item "{m.itemId}" at {m.path}: no "{m.locale}" translation{' '}
                <button type="button" aria-label={`Translate ${m.path} of ${m.itemId} into ${m.locale}`} onClick={() => onEdit(m.itemId, m.locale)}>
                  Translate
                </button>
              </li>
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
