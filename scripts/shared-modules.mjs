// The two-file IIFE's core file lends the UI file the modules both need and the core carries
// anyway (GrowthBook's condition evaluator, eligibility, ...), instead of the UI file carrying a
// copy of each: `lendCoreModules` (core build) publishes them on a global; `borrowCoreModules`
// (UI build) turns the UI file's imports of them into reads of that global. Both take the same
// list (rollup.config.mjs), so they cannot disagree. The UI file lends the debug tools' file
// Preact and the UI pieces they share the same way (`lender` and `borrower` name the files in
// the build's messages; the core file and the UI file unless said otherwise).
//
// `shared`: [{ key, module, exports }]: `module` is an absolute path or a package name, of which
// `exports` are lent. The core file lends them as one array, in the list's order, so the names
// are not in the core file; the UI file rebuilds each module's object from it (a namespace would
// put every export's name into the core file, and a package entry's the whole package).
//
// The array is published under the SDK's version and a hash of the list, so a UI file only ever
// reads the array of a core file built with the same list. A UI file that runs before its core
// file (a tag earlier on the page, `async` tags) does not throw: it waits, under the same key plus
// "?", until the core file lends the array and runs it; one of another build waits forever, and
// the core file then adds its own (src/split/sibling-file.ts).

const LEND_ID = '\0guidepost-lend-core-modules';
const BORROWED = 'guidepost-shared:';

/** The global the core file lends its modules on. */
export const SHARED_GLOBAL = 'GuidepostShared';

/** `version` and a hash (FNV-1a) of the list's keys and exports: what both files agree on. */
export function sharedKey(shared, version) {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(shared.map(({ key, exports }) => [key, exports]))) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return `${version}+${hash.toString(36)}`;
}

/** The global's keys, as source text: the lent array's, and the list of UI files waiting for it. */
const globalKeys = (shared, version) => {
  const key = sharedKey(shared, version);
  return { key: JSON.stringify(key), waitingKey: JSON.stringify(`${key}?`) };
};

/** The UI file's name for the lent array: the parameter of the function its whole code runs in. */
const LENT = '__guidepostLent';
/** What the UI file reads each module as, by key: an object of its lent exports, taken from the array by place. */
const borrowedModules = (shared) => {
  let place = 0;
  return new Map(shared.map(({ key, exports }) => [key, `{ ${exports.map((name) => `${name}: ${LENT}[${place++}]`).join(', ')} }`]));
};

/**
 * Core build: the loader of the UI file (`loaderPath`, which only the core file contains) imports
 * a module that publishes the lent exports when the core file runs, before a UI file (added
 * later, or deferred after it) can look for them, then runs the UI files that waited for them.
 * One that throws is reported as an uncaught error of its own and does not stop the core file.
 */
export const lendCoreModules = ({ shared, version, loaderPath }) => {
  let lent = false;
  const { key, waitingKey } = globalKeys(shared, version);
  // One module per list: a file may lend two lists (the UI file: to the debug tools' file and to the widgets' file).
  const lendId = `${LEND_ID}:${sharedKey(shared, version)}`;
  return {
    name: 'lend-core-modules',
    resolveId: (source) => (source === lendId ? { id: lendId, moduleSideEffects: true } : null),
    load(id) {
      if (id !== lendId) return null;
      const imports = shared.map(({ key, module, exports }) => `import { ${exports.map((name) => `${name} as ${key}_${name}`).join(', ')} } from ${JSON.stringify(module)};`);
      const exported = shared.flatMap(({ key, exports }) => exports.map((name) => `${key}_${name}`));
      return [
        ...imports,
        `const all = (globalThis.${SHARED_GLOBAL} ||= {});`,
        // The first lender of this build to run stays: a second copy of the UI file (the page's
        // own tag and the one the core file added) must not give a later borrower another Preact
        // than the one the core file uses (the first copy's: see src/split/ui-entry.ts).
        `all[${key}] ||= [${exported.join(', ')}];`,
        `const waiting = all[${waitingKey}] || [];`,
        `delete all[${waitingKey}];`,
        'for (const run of waiting) {',
        `  try { run(all[${key}]); } catch (error) { setTimeout(() => { throw error; }); }`,
        '}',
      ].join('\n');
    },
    transform(code, id) {
      if (id !== loaderPath) return null;
      lent = true;
      // Appended (imports are hoisted): lines keep their numbers.
      return { code: `${code}\nimport ${JSON.stringify(lendId)};\n`, map: null };
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
export const borrowCoreModules = ({ shared, version, lender = 'the core file', borrower = 'the UI file' }) => {
  const byModule = new Map(shared.map((entry) => [entry.module, entry]));
  const borrowed = (entry) => ({ id: `${BORROWED}${entry.key}`, external: true });
  const modules = borrowedModules(shared);
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
      const { key, waitingKey } = globalKeys(shared, version);
      // The whole file runs once the core file has lent the array: at once when it has, else when it does.
      const banner = `(function (run) { var all = globalThis.${SHARED_GLOBAL} || (globalThis.${SHARED_GLOBAL} = {}); if (all[${key}]) run(all[${key}]); else (all[${waitingKey}] = all[${waitingKey}] || []).push(run); })(function (${LENT}) {`;
      return {
        ...options,
        banner: [banner, options.banner].filter(Boolean).join('\n'),
        footer: [options.footer, '});'].filter(Boolean).join('\n'),
        globals: (id) => (id.startsWith(BORROWED) ? modules.get(id.slice(BORROWED.length)) : typeof own === 'function' ? own(id) : own?.[id]),
      };
    },
    generateBundle(_options, bundle) {
      const used = new Map(); // key -> names imported
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [id, names] of Object.entries(chunk.importedBindings)) {
          const key = id.startsWith(BORROWED) ? id.slice(BORROWED.length) : undefined;
          if (key) used.set(key, [...(used.get(key) ?? []), ...names]);
        }
      }
      for (const { key, exports } of shared) {
        const names = used.get(key) ?? [];
        const missing = names.filter((name) => !exports.includes(name));
        if (missing.length) this.error(`borrow-core-modules: ${borrower} imports ${missing.join(', ')} from "${key}", which ${lender} does not lend; add it to the shared list`);
        const idle = exports.filter((name) => !names.includes(name));
        if (idle.length) this.error(`borrow-core-modules: ${borrower} no longer imports ${idle.join(', ')} from "${key}"; take it off the shared list`);
      }
    },
  };
};
