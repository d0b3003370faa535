/**
 * The two-file IIFE: `guidepost.core.iife.js` holds the manifest, engine, progress and
 * events; `guidepost.ui.iife.js` holds the validator, the UI and the debug tools, and is
 * added to the page the first time one of them is needed. The build replaces the SDK's
 * dynamic imports of those modules with `loadUiModule` (see scripts/rollup-plugins.mjs).
 */
import type { UiModules } from './ui-entry';

/** The global the UI file defines. */
export const UI_GLOBAL = 'GuidepostUI';
const UI_FILE = 'guidepost.ui.iife.js';

// Captured while the core file runs: `document.currentScript` is only set then.
const coreScript = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;

/**
 * Where the UI file is: the script tag's `data-ui-src`, else next to the core file. Read
 * once, while the core file runs.
 */
function uiFileUrl(): string | undefined {
  if (!coreScript) return undefined;
  const explicit = coreScript.getAttribute('data-ui-src');
  if (explicit) return new URL(explicit, coreScript.baseURI).href;
  return coreScript.src ? new URL(UI_FILE, coreScript.src).href : undefined;
}
const uiUrl = uiFileUrl();

// One file per page, whatever the number of instances: the promise is shared on purpose.
let loading: Promise<UiModules> | undefined;

/** Adds the UI file to the page (once) and resolves with its modules. */
function loadUiFile(): Promise<UiModules> {
  return (loading ??= new Promise<UiModules>((resolve, reject) => {
    const ready = (globalThis as Record<string, unknown>)[UI_GLOBAL] as UiModules | undefined;
    if (ready) return resolve(ready);
    if (!uiUrl) return reject(new Error(`cannot tell where ${UI_FILE} is: load guidepost.core.iife.js with a <script src> tag (or set its data-ui-src)`));
    const script = document.createElement('script');
    script.src = uiUrl;
    // A nonce-based Content-Security-Policy lets the UI file in under the core file's nonce.
    if (coreScript?.nonce) script.nonce = coreScript.nonce;
    script.onload = () => {
      const modules = (globalThis as Record<string, unknown>)[UI_GLOBAL] as UiModules | undefined;
      if (modules) resolve(modules);
      else reject(new Error(`${uiUrl} did not define ${UI_GLOBAL}: is it the UI file of the same Guidepost version?`));
    };
    script.onerror = () => reject(new Error(`${uiUrl} could not be loaded`));
    document.head.append(script);
  }).catch((error: Error) => {
    // A failed load can be retried (the next render or page view asks again).
    loading = undefined;
    throw error;
  }));
}

/** What `import('./ui/renderer')` and friends become in the core file. */
export function loadUiModule<K extends keyof UiModules>(name: K): Promise<UiModules[K]> {
  return loadUiFile().then((modules) => modules[name]);
}
