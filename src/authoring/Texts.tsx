/**
 * The texts of an item or a tour step in the locale being written, with the default locale's
 * text as placeholder where this locale has none yet. Body text takes the manifest's Markdown
 * subset (the live preview renders it as readers will see it). Each field is marked with the
 * locale's language and direction (right to left for Arabic, Hebrew, Persian, Urdu…).
 */
import { isObject, type JsonObject } from './json-patch';
import { textFor } from './edit';
import { fieldId, TextField } from './fields';
import type { AuthoringAction, TextField as Field } from './state';

const LABELS: Record<Field, string> = { title: 'Title', body: 'Body (Markdown: **bold**, _italic_, [link](https://…), lists)', label: 'Link label (accessible name of the “?”)' };

export interface TextsProps {
  itemId: string;
  owner: JsonObject;
  step?: number;
  fields: readonly Field[];
  locale: string;
  defaultLocale: string;
  dispatch: (action: AuthoringAction) => void;
}

export function Texts({ itemId, owner, step, fields, locale, defaultLocale, dispatch }: TextsProps) {
  return (
    <>
      {fields.map((field) => {
        const value = owner[field];
        const fallback = locale === defaultLocale ? '' : typeof value === 'string' ? value : isObject(value) ? textFor(value, defaultLocale, defaultLocale) : '';
        return (
          <TextField
            id={fieldId(itemId, step ?? 'item', field)}
            label={`${LABELS[field]} (${locale})`}
            value={textFor(value, locale, defaultLocale)}
            placeholder={fallback ? `${defaultLocale}: ${fallback}` : undefined}
            multiline={field === 'body'}
            lang={locale}
            onInput={(text) => dispatch({ type: 'text', id: itemId, step, field, value: text })}
          />
        );
      })}
    </>
  );
}
