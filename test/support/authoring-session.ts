/**
 * A stand-in for the authoring panel's Session (src/authoring/session.ts) in component tests:
 * every method the components call, recorded with vi.fn(), and nothing of the runtime. The
 * Session itself is tested against a real instance in test/authoring/session.dom.test.ts.
 */
import { vi } from 'vitest';
import type { Explanation } from '../../src/options';
import type { JsonObject } from '../../src/authoring/json-patch';
import type { KeptDraft, Loaded, SaveResult, Session } from '../../src/authoring/session';

export interface FakeSession {
  session: Session;
  load: ReturnType<typeof vi.fn<() => Promise<Loaded>>>;
  apply: ReturnType<typeof vi.fn>;
  preview: ReturnType<typeof vi.fn>;
  stopPreview: ReturnType<typeof vi.fn>;
  keepDraft: ReturnType<typeof vi.fn>;
  keptDraft: ReturnType<typeof vi.fn<(original: JsonObject) => KeptDraft | undefined>>;
  save: ReturnType<typeof vi.fn<(draft: JsonObject, base: JsonObject) => Promise<SaveResult>>>;
  saveTarget: ReturnType<typeof vi.fn<() => Promise<string | undefined>>>;
  close: ReturnType<typeof vi.fn>;
  reset: ReturnType<typeof vi.fn>;
  report: ReturnType<typeof vi.fn>;
  /** Route listeners currently subscribed through onRoute(). */
  routeListeners: Set<() => void>;
  explanations: Explanation[];
}

export function fakeSession(options: { original?: JsonObject; locale?: string; doc?: Document; path?: string } = {}): FakeSession {
  const doc = options.doc ?? document;
  const routeListeners = new Set<() => void>();
  const fake: Omit<FakeSession, 'session'> = {
    load: vi.fn(async () => ({ original: options.original ?? {}, fileName: 'manifest.json' })),
    apply: vi.fn(async () => {}),
    preview: vi.fn(),
    stopPreview: vi.fn(),
    keepDraft: vi.fn(),
    keptDraft: vi.fn((_original: JsonObject): KeptDraft | undefined => undefined),
    save: vi.fn(async (_draft: JsonObject, _base: JsonObject): Promise<SaveResult> => ({ ok: true as const, message: 'Saved to manifest.json' })),
    saveTarget: vi.fn(async () => undefined),
    close: vi.fn(),
    reset: vi.fn(async () => {}),
    report: vi.fn(),
    routeListeners,
    explanations: [],
  };
  const session = {
    rt: { api: { reset: fake.reset } },
    get doc() {
      return doc;
    },
    locale: options.locale ?? 'en',
    path: () => options.path ?? doc.location.pathname,
    load: fake.load,
    apply: fake.apply,
    preview: fake.preview,
    stopPreview: fake.stopPreview,
    keepDraft: fake.keepDraft,
    keptDraft: fake.keptDraft,
    save: fake.save,
    saveTarget: fake.saveTarget,
    close: fake.close,
    report: fake.report,
    explanations: () => fake.explanations,
    onRoute(listener: () => void) {
      routeListeners.add(listener);
      return () => routeListeners.delete(listener);
    },
    dispose: async () => {},
  } as unknown as Session;
  return { ...fake, session } as FakeSession;
}
