/**
 * Loads a file of the IIFE build that sits next to the script tag that loaded Guidepost (the
 * two-file IIFE's UI file and validator's file, the authoring file) and reads the modules it publishes on a global.
 * The build replaces the SDK's dynamic imports of those modules with these loads (see
 * scripts/rollup-plugins.mjs), since IIFE output cannot split.
 */
import { SDK_VERSION } from '../version';

// Captured while Guidepost's script runs: `document.currentScript` is only set then.
const ownScript = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;

export interface SiblingFile {
  /** The file's name, next to Guidepost's script: `guidepost.ui.iife.js`. */
  file: string;
  /** The global it defines: `{ version, ...modules }`. */
  global: string;
  /** The script tag's attributes that override where it is and give its hash: `data-ui` → `data-ui-src`, `data-ui-integrity`. */
  attribute: string;
  /**
   * For a file that borrows from another one (the debug tools' and the widgets' files borrow
   * Preact from the UI file): loads that one. Both download at once; a borrower that arrives
   * first waits for its lender to run (scripts/shared-modules.mjs), so its modules are read once
   * the lender has loaded too.
   */
  lender?: () => Promise<unknown>;
}

/**
 * Where the file is: the script tag's `data-…-src`, else next to Guidepost's script with the
 * same query (a `?v=` cache buster applies to both).
 */
function fileUrl({ file, attribute }: SiblingFile): string | undefined {
  if (!ownScript) return undefined;
  const explicit = ownScript.getAttribute(`${attribute}-src`);
  if (explicit) return new URL(explicit, ownScript.baseURI).href;
  if (!ownScript.src) return undefined;
  const url = new URL(file, ownScript.src);
  url.search = new URL(ownScript.src).search;
  return url.href;
}

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}

/**
 * Under Trusted Types (`require-trusted-types-for 'script'`), a script's `src` takes only a
 * TrustedScriptURL: the sibling files come through Guidepost's own policy, `guidepost` (a page
 * that lists its policies names it: `trusted-types guidepost`). The policy is made once per page,
 * as a listed name may be created only once, and only this module holds it: it passes the URLs
 * worked out here, next to Guidepost's own script or from its tag's attributes. Without Trusted
 * Types, or where the page refuses the policy, the URL is assigned as it is (a refusal then
 * fails the load, which is reported).
 */
let scriptPolicy: { createScriptURL(url: string): unknown } | undefined;
function trustedScriptUrl(url: string): string {
  const trustedTypes = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!trustedTypes) return url;
  try {
    scriptPolicy ??= trustedTypes.createPolicy('guidepost', { createScriptURL: (value) => value });
    return scriptPolicy.createScriptURL(url) as string;
  } catch {
    return url;
  }
}

/** The file's modules, if its global holds those of this very version. */
function published<T>(global: string): T | undefined {
  const value = (globalThis as Record<string, unknown>)[global] as { version?: unknown } | undefined;
  return value && typeof value === 'object' && value.version === SDK_VERSION ? (value as T) : undefined;
}

/**
 * A loader for one sibling file: adds it to the page once (one per page, whatever the number of
 * instances: the promise is shared on purpose) and resolves with its modules. After a failure
 * the next call tries again; the caller decides when.
 */
export function siblingFileLoader<T>(sibling: SiblingFile): () => Promise<T> {
  const url = fileUrl(sibling);
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= new Promise<T>((resolve, reject) => {
      const ready = published<T>(sibling.global);
      if (ready) return resolve(ready);
      if (!url) return reject(new Error(`cannot tell where ${sibling.file} is: load Guidepost with a <script src> tag (or set its ${sibling.attribute}-src)`));
      const script = document.createElement('script');
      try {
        script.src = trustedScriptUrl(url);
      } catch (error) {
        return reject(new Error(`${url} could not be loaded: the page's Trusted Types refused it (${(error as Error).message}); allow the "guidepost" policy (trusted-types guidepost)`));
      }
      // A nonce-based Content-Security-Policy lets the file in under Guidepost's nonce;
      // Subresource Integrity applies to it when the tag gives its hash.
      if (ownScript?.nonce) script.nonce = ownScript.nonce;
      const integrity = ownScript?.getAttribute(`${sibling.attribute}-integrity`);
      if (integrity) script.integrity = integrity;
      if (ownScript?.crossOrigin) script.crossOrigin = ownScript.crossOrigin;
      const read = () => {
        const modules = published<T>(sibling.global);
        if (modules) return resolve(modules);
        script.remove();
        reject(new Error(`${url} did not define ${sibling.global} for Guidepost ${SDK_VERSION}: is it ${sibling.file} of the same version?`));
      };
      // The lender's load starts (or is found) now, beside this one.
      const lent = sibling.lender?.();
      lent?.catch(() => undefined);
      const lenderFailed = (error: Error) => {
        script.remove();
        reject(error);
      };
      script.onload = () => (lent ? lent.then(read, lenderFailed) : read());
      script.onerror = () => {
        script.remove();
        reject(new Error(`${url} could not be loaded`));
      };
      document.head.append(script);
    }).catch((error: Error) => {
      loading = undefined;
      throw error;
    }));
}

/**
 * Loads one module of a sibling file by name (what the build turns an `import()` into): the
 * file's load, then its module, or a clear error naming the file when it has no such module.
 */
export function siblingModuleLoader<T>(sibling: SiblingFile): <K extends Exclude<keyof T, 'version'>>(name: K) => Promise<T[K]> {
  const loadFile = siblingFileLoader<T>(sibling);
  return (name) =>
    loadFile().then((modules) => {
      if (!modules[name]) throw new Error(`${sibling.file} has no "${String(name)}" module`);
      return modules[name];
    });
}
