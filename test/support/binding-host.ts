/**
 * The host side of the React and Vue binding tests: options that collect the instance's events
 * and error messages, and readers of what the SDK put in the page.
 */
import { vi } from 'vitest';
import { memoryStorage, type GuidepostEvent, type GuidepostOptions } from '../../src/index';

/** Options with `manifest`, English and a fresh memory storage, whose events and error messages land in `events` and `errors`. */
export function collectingOptions(manifest: unknown) {
  const events: GuidepostEvent[] = [];
  const errors: string[] = [];
  /** New options (a new storage each call); `extra` overrides any field. */
  const options = (extra: Partial<GuidepostOptions> = {}): GuidepostOptions => ({ manifest, locale: 'en', storage: memoryStorage(), onEvent: (e) => events.push(e), onError: (e) => errors.push(e.message), ...extra });
  /** Empties `events` and `errors` (for afterEach). */
  const clear = (): void => {
    events.length = 0;
    errors.length = 0;
  };
  return { events, errors, options, clear };
}

/** Polls `check` until it passes: a positive signal, generous for a busy machine. */
export const until = (check: () => void) => vi.waitFor(check, { interval: 5, timeout: 15_000 });

/** How many SDK elements (hosts, roots, help links) are in the page. */
export const hosts = (): number => document.querySelectorAll('[data-guidepost-host], guidepost-root, guidepost-help').length;

/** The first element matching `selector` inside any SDK host's shadow root, or null. */
export const part = (selector: string): HTMLElement | null =>
  [...document.querySelectorAll('[data-guidepost-host]')].map((host) => host.shadowRoot?.querySelector<HTMLElement>(selector)).find(Boolean) ?? null;

/** A manifest with a help link ("save-help") and a manual two-step tour ("intro"), both on the "save" anchor. */
export const saveHelpAndTour = (revision: string) => ({
  schemaVersion: 1,
  revision,
  items: [
    { id: 'save-help', type: 'helpLink', target: { anchor: 'save' }, url: 'https://example.com/help/save', label: 'Help: saving' },
    {
      id: 'intro',
      type: 'tour',
      trigger: 'manual',
      steps: [
        { target: { anchor: 'save' }, title: 'Save', body: 'Saves your work.' },
        { target: { anchor: 'save' }, title: 'Again', body: 'Any time.' },
      ],
    },
  ],
});
