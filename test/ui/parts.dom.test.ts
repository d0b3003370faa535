/**
 * The DOM contract (src/ui/parts.ts) is the one list of `data-part` names: the stylesheet, the
 * surfaces' source and README use only names from it, and every name in it is rendered somewhere.
 * (JSX `data-part` values are also type-checked against it: src/ui/parts-jsx.d.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PART, SURFACE_PARTS, type Part } from '../../src/ui/parts';
import { INLINE_CSS, LAYER_CSS } from '../../src/ui/styles';
import { DEBUG_CSS } from '../../src/ui/debug-styles';
import { WIDGETS_CSS } from '../../src/ui/widget-styles';

const names = new Set<string>(Object.values(PART));
// Paths from the repository root, where vitest runs (import.meta.url is not a file URL in happy-dom).
const uiDir = join(process.cwd(), 'src/ui');
const sources = readdirSync(uiDir)
  .filter((file) => /\.tsx?$/.test(file) && !file.startsWith('parts'))
  .map((file) => readFileSync(join(uiDir, file), 'utf8'))
  .join('\n');
const matches = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!);

describe('data-part names', () => {
  it('are unique, kebab-case, and keyed by their camelCase', () => {
    expect(names.size).toBe(Object.keys(PART).length);
    for (const [key, name] of Object.entries(PART)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())).toBe(key);
    }
    expect(SURFACE_PARTS).toEqual(['help-link', 'tooltip', 'hotspot', 'tour-step', 'banner', 'checklist'] satisfies Part[]);
  });

  it('the stylesheets style only listed parts', () => {
    const styled = matches(LAYER_CSS + INLINE_CSS + WIDGETS_CSS + DEBUG_CSS, /\[data-part=([a-z-]+)\]/g);
    expect(styled.length).toBeGreaterThan(50);
    expect(styled.filter((name) => !names.has(name))).toEqual([]);
  });

  it('the surfaces render only listed parts, and every listed part is rendered somewhere', () => {
    const written = [
      ...matches(sources, /data-part="([a-z-]+)"/g),
      ...matches(sources, /\bpart="([a-z-]+)"/g),
      ...matches(sources, /'data-part', '([a-z-]+)'/g),
    ];
    expect(written.filter((name) => !names.has(name))).toEqual([]);
    expect([...names].filter((name) => !written.includes(name))).toEqual([]);
  });

  it('README lists them', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const missing = [...names].filter((name) => !readme.includes(`\`${name}\``) && !/^(debug|picker)/.test(name));
    expect(missing).toEqual([]);
  });
});
