import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemaText } from '../../src/manifest/json-schema';

const FILE = new URL('../../schema/manifest.schema.json', import.meta.url);

describe('schema/manifest.schema.json', () => {
  it('is generated from src/manifest/schema.ts (run "npm run schema" after changing the schema)', () => {
    const fresh = jsonSchemaText();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(FILE, fresh);
    expect(readFileSync(FILE, 'utf8')).toBe(fresh);
  });

  it('describes every property for editors', () => {
    const schema = JSON.parse(jsonSchemaText());
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.properties && typeof n.properties === 'object') {
        for (const [key, child] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
                    if (typeof child.description !== 'string') undocumented.push(`${path}.${key}`);
        }
      }
      for (const [key, child] of Object.entries(n)) walk(child, `${path}/${key}`);
    };
    walk(schema, '');
    expect(undocumented).toEqual([]);
  });
});
