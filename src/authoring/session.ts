/**
 * What the authoring panel does to the page: reads the manifest as written, puts each valid
 * draft into the running instance (so decisions, explain() and previews use it), previews
 * items with the SDK's own preview, and talks to `guidepost serve --author` when it is there.
 * The panel (the Preact components) holds no runtime state; this is the one place that does.
 */
import { GuidepostError } from '../errors';
import type { Experiments } from '../controller/experiments';
import type { Manifest, TourItem } from '../manifest/schema';
import type { Explanation } from '../options';
import type { Runtime } from '../runtime/runtime';
import { runContentChecks } from '../runtime/content-checks';
import { isObject, type JsonObject } from './json-patch';
import { keepDraft, keptDraft, saveDraft, SAVE_PATH, type KeptDraft, type SaveResult } from './drafts';

/** What the core passes in (src/runtime/authoring/enable.ts): its own functions, to call with the runtime. */
export type AuthoringOps = typeof import('../runtime/authoring/enable').AUTHORING_OPS;

export interface Loaded {
  original: JsonObject;
  /** Where it came from, for the file name of a download. */
  fileName: string;
  /** Something the writer should know about what was loaded. */
  note?: string;
}

export { SAVE_PATH, type KeptDraft, type SaveResult } from './drafts';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** What a reader sees of an item; the rest (target, rules) decides where and whether it shows. */
const CONTENT_KEYS = new Set(['title', 'body', 'label', 'image', 'buttons', 'url', 'feedback']);

/** True when `a` and `b` differ at most in their content. */
function sameButContent(a: object, b: object): boolean {
  const rest = (item: object) => JSON.stringify(Object.entries(item).filter(([key]) => !CONTENT_KEYS.has(key)));
  return rest(a) === rest(b);
}

/** The file name at the end of a URL's path, decoded; as written when it does not decode (a literal "%"). */
function fileNameOf(source: string, base: string): string {
  let name = source.split(/[?#]/)[0].split('/').pop() ?? '';
  try {
    name = new URL(source, base).pathname.split('/').pop() ?? '';
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

export class Session {
  /** Bumped by each apply(): an older one that finishes late changes nothing. */
  private generation = 0;
  /** The manifest the page runs without the panel. */
  private readonly loaded: Manifest | null;

  constructor(
    readonly rt: Runtime,
    private readonly ops: AuthoringOps,
  ) {
    // What closing the panel puts back: checked first, as the UI would have before drawing it
    // (a compiled manifest's checks may still be pending on a page where nothing has shown yet).
    runContentChecks(rt);
    this.loaded = rt.manifest;
  }

  get doc(): Document {
    return this.rt.doc!;
  }

  get locale(): string {
    return this.rt.locale;
  }

  /** The current page path: where a picked step lives. */
  path(): string {
    return this.doc.location.pathname;
  }

  /**
   * The manifest as written: fetched again from its URL (the runtime keeps only what validated,
   * without unknown keys or skipped items), or the object the host passed. A compiled
   * manifest's stamp is left out: the export is the source `guidepost build` compiles.
   */
  async load(): Promise<Loaded> {
    const source = this.rt.options.manifest;
    let original: JsonObject | undefined;
    let note: string | undefined;
    let fileName = 'manifest.json';
    if (typeof source === 'string') {
      fileName = fileNameOf(source, this.doc.location.href) || fileName;
      try {
        const response = await fetch(source, { credentials: 'same-origin', cache: 'no-store' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const parsed: unknown = JSON.parse(await response.text());
        if (!isObject(parsed)) throw new Error(`it holds ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed).slice(0, 40)}, not a manifest object`);
        original = parsed;
      } catch (error) {
        note = `${source} could not be read again (${(error as Error).message}): editing the manifest as the SDK validated it, without unknown keys or skipped items.`;
      }
    } else if (isObject(source)) {
      original = copy(source);
    }
    // Refused whole at page load and not readable again: there is nothing to start from.
    if (!original && !this.rt.manifest) throw new Error(`the page runs no manifest${typeof source === 'string' ? ` and ${source} could not be read again` : ''}`);
    original ??= copy(this.rt.manifest as unknown as JsonObject);
    if ('compiled' in original) {
      const { compiled: _stamp, ...content } = original;
      original = content;
      note = 'This page uses a manifest compiled by "guidepost build": edit and export its source, then build it again.';
    }
    return { original, fileName, note };
  }

  /**
   * Puts a validated draft into the running instance: experiments rebuilt over its items,
   * surfaces on screen redrawn with their new content, decisions taken again. A tour being
   * previewed restarts at the step it showed (focus goes back to where the writer was typing).
   */
  async apply(manifest: Manifest, previewed: string | undefined): Promise<void> {
    const rt = this.rt;
    const generation = ++this.generation;
    // Experiments are built over rt.manifest's items (their arms' overrides), so it goes first.
    const previous = rt.manifest;
    rt.manifest = manifest;
    // Arms forced at page load (?guidepost_force=, the debug panel) stay forced: the URL that
    // said so may be gone after the app's own navigation.
    const forced = (rt.experiments?.all() ?? []).filter((a) => a.forced && a.variation !== undefined);
    const experiments = await this.ops.openExperiments(rt).catch(() => undefined);
    if (generation !== this.generation || rt.destroyed) return;
    for (const a of forced) experiments?.force(a.experiment, a.variation!);
    const before = new Map((previous?.items ?? []).map((item) => [item.id, JSON.stringify(item)]));
    for (const item of manifest.items) {
      if (before.get(item.id) === JSON.stringify(item)) continue;
      // Changed: a target that timed out or content that failed to render is tried again.
      rt.waiting.get(item.id)?.();
      rt.waiting.delete(item.id);
      rt.pageView.missingTargets.delete(item.id);
      rt.pageView.unrenderable.delete(item.id);
    }
    rt.experiments = experiments;
    this.ops.assignExperiments(rt);
    for (const [id, surface] of rt.showing) {
      const item = manifest.items.find((i) => i.id === id);
      // Only its content changed: redrawn in place (no remount, focus stays). Otherwise (target,
      // rules) it is taken down and decided again: on screen, the engine would keep it as it is.
      if (item && sameButContent(item, surface.item)) rt.showing.set(id, { ...surface, item });
      else rt.showing.delete(id);
    }
    for (const id of rt.previewing) if (!manifest.items.some((i) => i.id === id)) this.stopPreview(id);
    const tour = manifest.items.find((i): i is TourItem => i.id === previewed && i.type === 'tour');
    if (tour && rt.tours?.isRunning(tour.id)) this.preview(tour.id, this.tourStep(tour.id));
    else if (previewed && !rt.showing.has(previewed) && manifest.items.some((i) => i.id === previewed)) this.preview(previewed);
    this.ops.evaluate(rt);
  }

  /** The step a running tour is at. */
  private tourStep(id: string): number {
    const tours = this.rt.tours;
    return tours?.surfaces().find((s) => s.item.id === id)?.tour?.step ?? tours?.waiting(id)?.step ?? 0;
  }

  /** Shows an item with the SDK's preview (no progress, no events); a tour at `step`. */
  preview(id: string, step = 0): void {
    const rt = this.rt;
    const item = rt.manifest?.items.find((i) => i.id === id);
    if (!item) return;
    const focused = this.focused();
    if (item.type === 'tour' && rt.tours) {
      // Restarted, not re-rendered: a tour run holds its item. Closed as an error: nothing recorded.
      if (rt.tours.isRunning(id)) rt.tours.close(id, 'error');
      rt.previewing.add(id);
      rt.tours.start(item, Math.min(step, item.steps.length - 1));
      rt.view?.render();
    } else {
      rt.showing.delete(id);
      rt.api.preview(id);
      // A first tour loads the tour code, then starts at step 1: once it has, go to the step asked for.
      if (item.type === 'tour' && step > 0) void rt.toursLoading?.then(() => rt.tours?.isRunning(id) && rt.previewing.has(id) && this.preview(id, step));
    }
    // A tour step takes focus when it appears; while the writer is typing it goes back to them.
    if (focused) focused.focus({ preventScroll: true });
  }

  /** Takes a preview off screen. */
  stopPreview(id: string): void {
    const rt = this.rt;
    if (rt.tours?.isRunning(id) && rt.previewing.has(id)) rt.tours.close(id, 'error');
    rt.previewing.delete(id);
    rt.showing.delete(id);
    this.ops.evaluate(rt);
  }

  /** The field the writer is in, inside the panel (see preview). */
  private focused(): HTMLElement | undefined {
    const active = this.doc.activeElement;
    const inner = active?.shadowRoot?.activeElement;
    return active?.getAttribute('data-guidepost-host') === 'author' && inner instanceof HTMLElement && inner.matches('input,textarea') ? inner : undefined;
  }

  explanations(): Explanation[] {
    return this.ops.explanations(this.rt);
  }

  onRoute(listener: () => void): () => void {
    // After the runtime's own handling of the route (a timer of its own), so verdicts are fresh.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = this.ops.watchRoutes(() => {
      clearTimeout(timer);
      timer = setTimeout(listener, 0);
    }, this.doc.defaultView ?? undefined);
    return () => {
      clearTimeout(timer);
      stop();
    };
  }

  /** Whether `guidepost serve --author` answers on this origin (then "Save to file" is offered). */
  async saveTarget(): Promise<string | undefined> {
    try {
      const response = await fetch(SAVE_PATH, { credentials: 'same-origin', cache: 'no-store' });
      const body = response.ok ? ((await response.json()) as { author?: unknown; file?: unknown }) : undefined;
      return body?.author === true && typeof body.file === 'string' ? body.file : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes the draft through the dev server, over the version of the file it was made from (`base`). */
  save(draft: JsonObject, base: JsonObject): Promise<SaveResult> {
    return saveDraft(draft, base);
  }

  /** Where the draft waits across page loads (apps that are not single-page lose the panel on each). */
  private draftKey(): string {
    return `guidepost-author:${typeof this.rt.options.manifest === 'string' ? this.rt.options.manifest : 'inline'}`;
  }

  private storage(): Storage | undefined {
    try {
      return this.doc.defaultView?.sessionStorage;
    } catch {
      return undefined;
    }
  }

  /** Keeps the draft for this tab's next page load; forgets it when it equals the original. */
  keepDraft(original: JsonObject, draft: JsonObject): void {
    keepDraft(this.storage(), this.draftKey(), original, draft);
  }

  /** The draft kept by an earlier page load; re-applied onto `original` when the file changed since (never dropped). */
  keptDraft(original: JsonObject): KeptDraft | undefined {
    return keptDraft(this.storage(), this.draftKey(), original);
  }

  report(message: string): void {
    this.rt.report(new GuidepostError('internal', `authoring: ${message}`));
  }

  close(): void {
    this.rt.api.author(false);
  }

  /**
   * Ends previews and puts back the manifest the page loaded (a draft is kept for the tab, see
   * keepDraft, not left running): resolves once it is back.
   */
  dispose(): Promise<void> {
    for (const id of [...this.rt.previewing]) this.stopPreview(id);
    return this.loaded ? this.apply(this.loaded, undefined) : Promise.resolve();
  }
}
