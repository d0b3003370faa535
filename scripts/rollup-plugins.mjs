// Rollup plugins shared by rollup.config.mjs and scripts/size.mjs, so size budgets measure
// exactly what the builds ship.

/**
 * Schema descriptions are for editors (they go into schema/manifest.schema.json); the
 * browser never shows them, so browser builds replace each `d('...')` text with ''.
 */
export const stripSchemaDescriptions = () => ({
  name: 'strip-schema-descriptions',
  transform(code, id) {
    if (!id.endsWith('/src/manifest/schema.ts')) return null;
    return { code: code.replace(/\bd\(\s*'(?:[^'\\]|\\.)*'\s*,?\s*\)/g, "d('')"), map: null };
  },
});
