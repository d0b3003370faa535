/**
 * Generates schema/manifest.schema.json from the valibot schema (the single source of
 * truth). Used by `npm run schema` and by the test that fails when the file is stale;
 * never bundled into the browser SDK.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import { ManifestForJsonSchema } from './schema';

export function buildJsonSchema(): Record<string, unknown> {
  const generated = toJsonSchema(ManifestForJsonSchema, { errorMode: 'throw', target: 'draft-07' }) as Record<string, unknown>;
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
