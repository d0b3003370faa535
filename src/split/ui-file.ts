/**
 * The two-file IIFE: `guidepost.core.iife.js` holds the manifest, engine, progress and
 * events; `guidepost.ui.iife.js` holds the validator, the UI and the debug tools, and is
 * added to the page the first time one of them is needed. The build replaces the SDK's
 * dynamic imports of those modules with `loadUiModule` (see scripts/rollup-plugins.mjs).
 */
import { SDK_VERSION } from '../version';
import type { UiModules } from './ui-entry';

/** The global the UI file defines. */
export const UI_GLOBAL = 'GuidepostUI';
const UI_FILE = 'guidepost.ui.iife.js';

// Captured while the core file runs: `document.currentScript` is only set then.
const coreScript = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;

/**
 * Where the UI file is: the script tag's `data-ui-src`, else next to the core file with the
 * same query (a `?v=` cache buster applies to both). Read once, while the core file runs.
 */
function uiFileUrl(): string | undefined {
  if (!coreScript) return undefined;
  const explicit = coreScript.getAttribute('data-ui-src');
  if (explicit) return new URL(explicit, coreScript.baseURI).href;
  if (!coreScript.src) return undefined;
  const url = new URL(UI_FILE, coreScript.src);
  url.search = new URL(coreScript.src).search;
  return url.href;
}
const uiUrl = uiFileUrl();

/** The UI file's modules, if the global holds those of this very version. */
function publishedModules(): UiModules | undefined {
  const value = (globalThis as Record<string, unknown>)[UI_GLOBAL] as Partial<UiModules> | undefined;
  return value && typeof value === 'object' && value.version === SDK_VERSION && value.view ? (value as UiModules) : undefined;
}

// One file per page, whatever the number of instances: the promise is shared on purpose.
let loading: Promise<UiModules> | undefined;

/** Adds the UI file to the page (once) and resolves with its modules. */
function loadUiFile(): Promise<UiModules> {
  return (loading ??= new Promise<UiModules>((resolve, reject) => {
    const ready = publishedModules();
    if (ready) return resolve(ready);
    if (!uiUrl) return reject(new Error(`cannot tell where ${UI_FILE} is: load guidepost.core.iife.js with a <script src> tag (or set its data-ui-src)`));
    const script = document.createElement('script');
    script.src = uiUrl;
    // A nonce-based Content-Security-Policy lets the UI file in under the core file's nonce;
    // Subresource Integrity applies to it when the tag gives its hash.
    if (coreScript?.nonce) script.nonce = coreScript.nonce;
    const integrity = coreScript?.getAttribute('data-ui-integrity');
    if (integrity) script.integrity = integrity;
    if (coreScript?.crossOrigin) script.crossOrigin = coreScript.crossOrigin;
    script.onload = () => {
      const modules = publishedModules();
      if (modules) return resolve(modules);
      script.remove();
      reject(new Error(`${uiUrl} did not define ${UI_GLOBAL} for Guidepost ${SDK_VERSION}: is it the UI file of the same version as the core file?`));
    };
    script.onerror = () => {
      script.remove();
      reject(new Error(`${uiUrl} could not be loaded`));
    };
    document.head.append(script);
  }).catch((error: Error) => {
    // The controller decides when to try again (once per page view).
    loading = undefined;
    throw error;
  }));
}

/** What `import('./view-chunk')` and friends become in the core file. */
export function loadUiModule<K extends Exclude<keyof UiModules, 'version'>>(name: K): Promise<UiModules[K]> {
  return loadUiFile().then((modules) => {
    if (!modules[name]) throw new Error(`${UI_FILE} has no "${name}" module`);
    return modules[name];
  });
}
