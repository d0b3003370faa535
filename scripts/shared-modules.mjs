// The two-file IIFE's core file lends the UI file the modules both need and the core carries
// whole anyway (GrowthBook's condition evaluator, eligibility, ...), instead of the UI file
// carrying a copy of each: `lendCoreModules` (core build) publishes them on a global, keyed by
// the SDK's version; `borrowCoreModules` (UI build) turns the UI file's imports of them into
// reads of that global. Both take the same list (rollup.config.mjs), so they cannot disagree.
//
// `shared`: [{ key, module, exports }]: `module` is an absolute path or a package name, of which
// `exports` are lent. The core file lends them as one array, in the list's order, so the names
// are not in the core file; the UI file rebuilds each module's object from it (a namespace would
// put every export's name into the core file, and a package entry's the whole package).

const LEND_ID = '\0guidepost-lend-core-modules';
const BORROWED = 'guidepost-shared:';

/** The global the core file lends its modules on, and the expression the UI file reads them with. */
export const SHARED_GLOBAL = 'GuidepostShared';
/** Each lent export's place in the array, by module key and export name. */
const places = (shared) => {
  let next = 0;
  return new Map(shared.map(({ key, exports }) => [key, new Map(exports.map((name) => [name, next++]))]));
};
/** What the UI file reads module `key` as: an object of its lent exports, taken from the array. */
const borrowedModule = (shared, version, key) => {
  const array = `${SHARED_GLOBAL}[${JSON.stringify(version)}]`;
  return `{ ${[...places(shared).get(key)].map(([name, place]) => `${name}: ${array}[${place}]`).join(', ')} }`;
};

/**
 * Core build: the loader of the UI file (`loaderPath`, which only the core file contains) imports
 * a module that publishes the lent exports on `globalThis.GuidepostShared[version]` when the core
 * file runs, before a UI file (added later, or deferred after it) can look for them.
 */
export const lendCoreModules = ({ shared, version, loaderPath }) => {
  let lent = false;
  return {
    name: 'lend-core-modules',
    resolveId: (source) => (source === LEND_ID ? { id: LEND_ID, moduleSideEffects: true } : null),
    load(id) {
      if (id !== LEND_ID) return null;
      const imports = shared.map(({ key, module, exports }) => `import { ${exports.map((name) => `${name} as ${key}_${name}`).join(', ')} } from ${JSON.stringify(module)};`);
      const lent = shared.flatMap(({ key, exports }) => exports.map((name) => `${key}_${name}`));
      return [...imports, `(globalThis.${SHARED_GLOBAL} ||= {})[${JSON.stringify(version)}] = [${lent.join(', ')}];`].join('\n');
    },
    transform(code, id) {
      if (id !== loaderPath) return null;
      lent = true;
      // Appended (imports are hoisted): lines keep their numbers.
      return { code: `${code}\nimport ${JSON.stringify(LEND_ID)};\n`, map: null };
    },
    buildEnd(error) {
      if (!error && !lent) this.error(`lend-core-modules: ${loaderPath} is not part of this build`);
    },
  };
};

/**
 * UI build: imports of the `shared` modules are external, read from what the core file lent.
 * Fails the build when the UI file imports an export the core does not lend, or no longer
 * imports one it lends (the list would cost the core bytes for nothing).
 */
export const borrowCoreModules = ({ shared, version }) => {
  const byModule = new Map(shared.map((entry) => [entry.module, entry]));
  const borrowed = (entry) => ({ id: `${BORROWED}${entry.key}`, external: true });
  return {
    name: 'borrow-core-modules',
    async resolveId(source, importer, options) {
      if (!importer) return null;
      if (byModule.has(source)) return borrowed(byModule.get(source));
      if (!source.startsWith('.')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && byModule.has(resolved.id) ? borrowed(byModule.get(resolved.id)) : resolved;
    },
    outputOptions(options) {
      const own = options.globals;
      return {
        ...options,
        globals: (id) => (id.startsWith(BORROWED) ? borrowedModule(shared, version, id.slice(BORROWED.length)) : typeof own === 'function' ? own(id) : own?.[id]),
      };
    },
    generateBundle(_options, bundle) {
      const used = new Map(); // key -> names imported
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [id, names] of Object.entries(chunk.importedBindings)) {
          if (id.startsWith(BORROWED)) used.set(id.slice(BORROWED.length), [...(used.get(id.slice(BORROWED.length)) ?? []), ...names]);
        }
      }
      for (const { key, exports } of shared) {
        const names = used.get(key) ?? [];
        const missing = names.filter((name) => !exports.includes(name));
        if (missing.length) this.error(`borrow-core-modules: the UI file imports ${missing.join(', ')} from "${key}", which the core does not lend; add it to the shared list`);
        const idle = exports.filter((name) => !names.includes(name));
        if (idle.length) this.error(`borrow-core-modules: the UI file no longer imports ${idle.join(', ')} from "${key}"; take it off the shared list`);
      }
    },
  };
};
