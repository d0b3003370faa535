/**
 * One React root per test file for the binding tests in happy-dom: mount(), rerender() and
 * unmount(), and the `container` mounted into (a live binding: read it after mount()).
 */
import { beforeAll } from 'vitest';
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';

/** The element the last mount() rendered into. */
export let container: HTMLElement;
let root: Root | undefined;

/** Renders `ui` into a new container in the page; the render, commit and sync effects happen here. */
export function mount(ui: ReactNode): void {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  flushSync(() => root!.render(ui));
}

/** Renders `ui` again into the mounted root, synchronously. */
export function rerender(ui: ReactNode): void {
  flushSync(() => root!.render(ui));
}

/** Unmounts; a provider destroys its instance a microtask later (see provider.ts), awaited here. */
export async function unmount(): Promise<void> {
  root?.unmount();
  root = undefined;
  await Promise.resolve();
}

/** Updates come from the SDK's events, outside act(): lets React schedule them as in an app (registers a beforeAll). */
export function outsideAct(): void {
  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
  });
}
