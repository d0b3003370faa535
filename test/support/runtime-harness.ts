/**
 * A started runtime built by hand (what boot.ts leaves behind) for tests of single runtime modules
 * (decide-now, explain-decided, decide-chunk, view, view-chunk): a validated manifest, an identity,
 * progress in memory, the core functions createGuidepost hands the decision chunk, and the
 * reports collected. No storage, no tracker, no tab channel unless a test adds one.
 */
import { vi } from 'vitest';
import type { KeyValueStorage } from '../../src/store/storage';
import { attributes, decisionManifest, effectiveManifest, evaluate } from '../../src/runtime/decisions';
import { describeReason } from '../../src/engine/explain';
import { emptyProgress, type ProgressState } from '../../src/engine/progress';
import type { GuidepostError } from '../../src/errors';
import type { GuidepostOptions } from '../../src/options';
import { validateManifest } from '../../src/manifest/validate';
import type { Manifest } from '../../src/manifest/schema';
import { newPageView } from '../../src/runtime/items';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { setLocalTour } from '../../src/runtime/tab-sync';
import type { ProgressStore } from '../../src/store/progress-store';
import type { IdentityRecord } from '../../src/store/identity';
import { memoryStorage } from '../../src/store/storage';
import type { EventFields } from '../../src/track/tracker';
import type { Tracker } from '../../src/track/tracker';
import type { View } from '../../src/runtime/runtime';

export const NOW = Date.UTC(2026, 5, 1, 12);

/** A progress store in memory for record `key`, with the updates it was asked for counted. */
export function memoryProgress(initial: ProgressState = emptyProgress(), key = 'progress:device-1'): ProgressStore & { updates: number; set(state: ProgressState): void } {
  let state = initial;
  const listeners = new Set<(state: ProgressState) => void>();
  const store = {
    key,
    updates: 0,
    set(next: ProgressState) {
      state = next;
    },
    get: () => state,
    update(change: (state: ProgressState) => ProgressState) {
      const next = change(state);
      if (next === state) return;
      state = next;
      store.updates++;
      listeners.forEach((l) => l(state));
    },
    applyRemote: () => undefined,
    flush: async () => undefined,
    clear: async () => void (state = emptyProgress()),
    forget: () => void (state = emptyProgress()),
    subscribe(listener: (state: ProgressState) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return store;
}

export const identityRecord = (anonymousId = 'device-1'): IdentityRecord => ({
  anonymousId,
  session: { id: 'session-1', startedAt: NOW - 1000, lastActiveAt: NOW, interruptiveShown: 0 },
});

/** Validates `items` (throws when one is refused: a test's manifest must be valid). */
export function validManifest(items: unknown[], extra: Record<string, unknown> = {}): Manifest {
  const { manifest, problems } = validateManifest({ schemaVersion: 1, revision: 'r1', items, ...extra });
  if (!manifest || problems.some((p) => p.severity === 'error')) throw new Error(`test manifest refused: ${problems.map((p) => p.message).join('; ')}`);
  return manifest;
}

export interface StandIn {
  rt: Runtime;
  progress: ReturnType<typeof memoryProgress>;
  errors: GuidepostError[];
  /** What was emitted through the tracker stand-in. */
  events: EventFields[];
  /** How many times the view stand-in was asked to render. */
  renders: () => number;
}

/** A tracker that keeps what it is asked to emit (no outbox, no delivery). */
export function trackerStandIn(events: EventFields[]): Tracker {
  return { emit: (fields: EventFields) => (events.push(fields), fields), setContext: () => undefined, subscribe: () => () => undefined, pending: () => 0, flush: async () => undefined } as unknown as Tracker;
}

/** A view that counts renders and draws nothing. */
export function viewStandIn(): View & { renders: number } {
  const view = {
    renders: 0,
    render: () => void view.renders++,
    settled: () => undefined,
    allowRetry: () => undefined,
    preloadWords: () => undefined,
    cannotDraw: () => undefined,
    destroy: () => undefined,
  };
  return view;
}

/** A runtime as boot() + run() would leave it, without the first decision. */
export function standInRuntime(items: unknown[], options: Partial<GuidepostOptions> & { manifestExtra?: Record<string, unknown> } = {}): StandIn {
  const errors: GuidepostError[] = [];
  const { manifestExtra, ...rest } = options;
  const rt = createRuntime({ manifest: null, locale: 'en', now: () => NOW, onError: (e) => errors.push(e), ...rest });
  rt.core = { evaluate, attributes, decisionManifest, effectiveManifest, describeReason, setLocalTour };
  rt.manifest = validManifest(items, manifestExtra);
  rt.doc = options.document ?? document;
  rt.identity = identityRecord();
  const progress = memoryProgress();
  rt.progress = progress;
  rt.pageView = newPageView(NOW);
  rt.storage = memoryStorage();
  const events: EventFields[] = [];
  rt.tracker = trackerStandIn(events);
  const view = viewStandIn();
  rt.view = view;
  rt.running = true;
  return { rt, progress, errors, events, renders: () => view.renders };
}

/**
 * fetch stubbed so that a manifest given by URL arrives only when `arrive(manifest)` is called:
 * start() waits for it meanwhile (a test calls the API in that window). Undo with vi.unstubAllGlobals().
 */
export function manifestArrivesLater(): { arrive(manifest: unknown): void; requested(): boolean } {
  let deliver: ((response: Response) => void) | undefined;
  vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => (deliver = resolve)));
  return {
    arrive: (manifest) => deliver!(new Response(JSON.stringify(manifest), { status: 200, headers: { 'content-type': 'application/json' } })),
    requested: () => deliver !== undefined,
  };
}

/** `storage` that records the keys read from it, in order. */
export function watchReads(storage: KeyValueStorage): { storage: KeyValueStorage; reads: string[] } {
  const reads: string[] = [];
  return { reads, storage: { ...storage, get: <T,>(key: string) => (reads.push(key), storage.get<T>(key)) } };
}
