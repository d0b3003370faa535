/**
 * For the dom tests of src/split/*-file.ts: imports a loader module afresh as if Guidepost's own
 * script tag were `tag` (the modules read `document.currentScript` once, while they load), and
 * keeps the script elements the loaders add out of the document (happy-dom would try to fetch
 * them): they are collected in a detached container instead, where a test fires their load or
 * error itself.
 */
import { vi } from 'vitest';

export interface OwnScript {
  src?: string;
  attributes?: Record<string, string>;
  nonce?: string;
  crossOrigin?: string;
}

/** A script element like Guidepost's own tag. */
export function ownScriptTag({ src, attributes = {}, nonce, crossOrigin }: OwnScript): HTMLScriptElement {
  const tag = document.createElement('script');
  if (src !== undefined) tag.setAttribute('src', src);
  for (const [name, value] of Object.entries(attributes)) tag.setAttribute(name, value);
  if (nonce !== undefined) tag.nonce = nonce;
  if (crossOrigin !== undefined) tag.crossOrigin = crossOrigin;
  return tag;
}

/** Imports `load()` (a fresh module registry) while `document.currentScript` is `tag`. */
export async function importWithOwnScript<T>(tag: HTMLScriptElement | null, load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => tag });
  try {
    return await load();
  } finally {
    delete (document as { currentScript?: unknown }).currentScript;
  }
}

/** Collects the scripts added to <head> (in a detached container), for the test to load or fail. */
export function collectAddedScripts(): { added: HTMLScriptElement[]; container: HTMLElement } {
  const container = document.createElement('div');
  const added: HTMLScriptElement[] = [];
  vi.spyOn(document.head, 'append').mockImplementation((...nodes: (Node | string)[]) => {
    for (const node of nodes) {
      if (node instanceof HTMLScriptElement) added.push(node);
      container.append(node);
    }
  });
  return { added, container };
}

/** Fires a script element's load or error handler, as the browser would. */
export const fire = (script: HTMLScriptElement, type: 'load' | 'error') => (type === 'load' ? script.onload : script.onerror)?.call(script, new Event(type));

/** Lets pending promise reactions run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Sets (or, with undefined, removes) a global. */
export function setGlobal(name: string, value: unknown): void {
  if (value === undefined) delete (globalThis as Record<string, unknown>)[name];
  else (globalThis as Record<string, unknown>)[name] = value;
}
