/**
 * minifyJs (scripts/rollup-plugins.mjs), the minifier of every browser file and of the size
 * budgets: esbuild lowers to ES2020 and escapes letters to ASCII, then SWC compresses and
 * mangles; the source map still leads to the source; `esbuildOnly` (the ESM build) keeps the
 * module's exports. Virtual modules, real rollup.
 */
import { describe, expect, it } from 'vitest';
import { rollup, type OutputChunk, type Plugin } from 'rollup';
import { SourceMapConsumer } from 'source-map-js';
// @ts-expect-error: a plain .mjs build script without type declarations
import { minifyJs } from '../../scripts/rollup-plugins.mjs';

const SOURCE = [
  'export class Greeter {',
  '  static prefix = "×";',
  '  greet(name) {',
  '    const who = name ?? "you";',
  '    return `${Greeter.prefix} hello, ${who}: marker-in-line-5`;',
  '  }',
  '}',
  'export const unusedLocalsGo = (value) => { const doubled = value * 2; const alsoUnused = doubled + 1; return doubled; };',
].join('\n');

const virtual = (code: string): Plugin => ({ name: 'virtual', resolveId: (id) => (id === '/app/src/index.js' ? id : null), load: (id) => (id === '/app/src/index.js' ? code : null) });

async function minified(format: 'iife' | 'es', plugin: Plugin | Plugin[]): Promise<OutputChunk> {
  const bundle = await rollup({ input: '/app/src/index.js', plugins: [virtual(SOURCE), plugin], onwarn: () => {} });
  try {
    const { output } = await bundle.generate({ format, name: 'Sample', sourcemap: true });
    return output[0];
  } finally {
    await bundle.close();
  }
}

const runIife = (code: string) => new Function(`${code}; return Sample;`)() as { Greeter: new () => { greet(name?: string): string }; unusedLocalsGo(value: number): number };

describe('minifyJs', () => {
  it('writes a classic script in ASCII that behaves as the source does', async () => {
    const chunk = await minified('iife', minifyJs());
    expect(chunk.code).toMatch(/^[\x00-\x7f]*$/);
    expect(chunk.code).not.toMatch(/\n\s/);
    // ES2020: class fields (ES2022) are lowered by esbuild, for the older browsers of the supported range.
    expect(chunk.code).not.toMatch(/static\s+\w+\s*=/);
    const sample = runIife(chunk.code);
    expect(new sample.Greeter().greet()).toBe('× hello, you: marker-in-line-5');
    expect(new sample.Greeter().greet('Ada')).toBe('× hello, Ada: marker-in-line-5');
    expect(sample.unusedLocalsGo(4)).toBe(8);
  });

  it('compresses and mangles: locals lose their names, dead code goes', async () => {
    const { code } = await minified('iife', minifyJs());
    expect(code).not.toContain('doubled');
    expect(code).not.toContain('alsoUnused');
    expect(code).not.toContain('who');
  });

  it('keeps a source map that leads back to the line in the source', async () => {
    const chunk = await minified('iife', minifyJs());
    const consumer = new SourceMapConsumer(chunk.map as unknown as ConstructorParameters<typeof SourceMapConsumer>[0]);
    const lines = chunk.code.split('\n');
    const line = lines.findIndex((text) => text.includes('marker-in-line-5'));
    const column = lines[line]!.indexOf(' hello, ');
    const original = consumer.originalPositionFor({ line: line + 1, column });
    expect(original.source).toContain('/app/src/index.js');
    expect(original.line).toBe(5);
  });

  it('keeps an ES module an ES module: its exports stay, its code is minified', async () => {
    for (const plugin of [minifyJs(), minifyJs({ esbuildOnly: true })]) {
      const { code } = await minified('es', plugin);
      expect(code).toMatch(/export\s*\{[^}]*Greeter[^}]*\}/);
      expect(code).toMatch(/^[\x00-\x7f]*$/);
      expect(code).not.toContain('doubled');
    }
  });
});
