/**
 * Generates schema/manifest.schema.json from the valibot schema (the single source of
 * truth). Used by `npm run schema` and by the test that fails when the file is stale;
 * never bundled into the browser SDK.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { hardenSchemas } from './proto-safe';
import { Item, ManifestEnvelope } from './schema';
import { Declarations } from './schema-declare';

/** The envelope with typed items and `declare` (which the SDK reads as "anything"). */
export const ManifestForJsonSchema = v.strictObject({
  ...ManifestEnvelope.entries,
  declare: v.optional(Declarations),
  items: v.pipe(v.array(Item), v.description('The help items.')),
});
hardenSchemas(ManifestForJsonSchema);

export function buildJsonSchema(): Record<string, unknown> {
  // A check() (a schedule's date that exists) has no JSON Schema form: editors check the format only.
  const generated = toJsonSchema(ManifestForJsonSchema, { errorMode: 'throw', target: 'draft-07', ignoreActions: ['check'] }) as Record<string, unknown>;
  return {
    $schema: generated.$schema,
    title: 'Guidepost manifest',
    description: 'In-product help content for Guidepost: help links, tooltips, hotspots, tours, banners and checklists. See docs/manifest.md.',
    ...generated,
  };
}

export function jsonSchemaText(): string {
  return JSON.stringify(buildJsonSchema(), null, 2) + '\n';
}
