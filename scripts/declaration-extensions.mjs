// The type declarations as Node's own module resolution reads them ("moduleResolution":
// "node16" / "nodenext", which a package with "type": "module" and "exports" is read with):
// there, a relative import needs its file extension, and a declaration file whose imports lack
// one fails to resolve them, which under `skipLibCheck` silently turns the whole API into
// `any`. tsc writes the specifiers as the sources have them ('./guidepost'); this rewrites each
// relative one in dist/types to the file it names ('./guidepost.js', './engine/index.js'),
// which every other resolution mode ("bundler", "node10") reads too.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `from '…'`, `import('…')`, `import '…'` and `export … from '…'` with a relative specifier without an extension. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}(?:\/[^'"]*)?)\2/g;

/** The specifier `spec` (relative to `dir`) with the extension of the declaration it names; unchanged when it names none. */
export function withExtension(dir, spec) {
  if (/\.(?:m|c)?js$/.test(spec)) return spec;
  if (existsSync(join(dir, `${spec}.d.ts`))) return `${spec}.js`;
  if (existsSync(join(dir, spec, 'index.d.ts'))) return `${spec.replace(/\/$/, '')}/index.js`;
  return spec;
}

/** Rewrites `text` (a declaration file in `dir`). */
export function rewriteDeclaration(text, dir) {
  return text.replace(SPECIFIER, (match, keyword, quote, spec) => `${keyword}${quote}${withExtension(dir, spec)}${quote}`);
}

/** Every .d.ts under `root`, rewritten in place; returns how many files changed. */
export function addDeclarationExtensions(root) {
  let changed = 0;
  const visit = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.d.ts')) {
        const text = readFileSync(path, 'utf8');
        const rewritten = rewriteDeclaration(text, dirname(path));
        if (rewritten !== text) {
          writeFileSync(path, rewritten);
          changed++;
        }
      }
    }
  };
  if (existsSync(root)) visit(root);
  return changed;
}
