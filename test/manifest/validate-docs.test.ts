/**
 * docs/manifest.md is the content writers' reference: every ```json example in it must be
 * valid, so a writer who copies one never starts from a broken file. Whole manifests are
 * validated as they are; item examples are validated inside a minimal envelope.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSelectorSyntax } from '../../src/cli/selector';
import { validateManifest } from '../../src/manifest/validate';

const DOC = readFileSync(new URL('../../docs/manifest.md', import.meta.url), 'utf8');

/** The body of every fenced block whose info string is exactly `lang`, with its line number. */
function fencedBlocks(markdown: string, lang: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const pattern = new RegExp('^```' + lang + '[ \\t]*\\n([\\s\\S]*?)^```[ \\t]*$', 'gm');
  for (const match of markdown.matchAll(pattern)) {
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length, text: match[1] });
  }
  return blocks;
}

const jsonBlocks = fencedBlocks(DOC, 'json').map((block) => ({ ...block, value: JSON.parse(block.text) as Record<string, unknown> }));
const manifests = jsonBlocks.filter((b) => 'schemaVersion' in b.value);
const items = jsonBlocks.filter((b) => 'id' in b.value && 'type' in b.value);

describe('docs/manifest.md examples', () => {
  it('has a whole-manifest example and an item example for every item type', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(4);
    const types = new Set(items.map((b) => b.value.type));
    expect([...types].sort()).toEqual(['banner', 'checklist', 'helpLink', 'hotspot', 'tooltip', 'tour']);
    // Every ```json block is either a manifest or an item: nothing escapes the checks below.
    expect(manifests.length + items.length).toBe(jsonBlocks.length);
  });

  it.each(manifests.map((b) => [b.line, b.value] as const))('the manifest at line %i validates with zero problems', (_line, manifest) => {
    const result = validateManifest(manifest, { checkSelector: checkSelectorSyntax });
    expect(result.problems).toEqual([]);
    expect(result.manifest?.items).toHaveLength((manifest.items as unknown[]).length);
  });

  it.each(items.map((b) => [b.line, b.value.id, b.value] as const))('the item at line %i ("%s") validates with zero problems', (_line, _id, item) => {
    const result = validateManifest({ schemaVersion: 1, revision: 'docs', items: [item] }, { checkSelector: checkSelectorSyntax });
    expect(result.problems).toEqual([]);
    expect(result.manifest?.items).toHaveLength(1);
  });

  it('every example manifest uses every top-level key between them, and every item type', () => {
    const keys = new Set(manifests.flatMap((b) => Object.keys(b.value)));
    for (const key of ['$schema', 'schemaVersion', 'revision', 'defaultLocale', 'settings', 'experiments', 'items']) expect(keys).toContain(key);
    const types = new Set(manifests.flatMap((b) => (b.value.items as { type: string }[]).map((i) => i.type)));
    expect(types.size).toBe(6);
  });
});
