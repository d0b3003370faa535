/** Small builders for engine tests: typed manifests and inputs without the browser layer. */
import type { DecideInput } from '../../src/engine/decide';
import { emptyProgress, type ProgressState } from '../../src/engine/progress';
import type { Caps, Item, Manifest } from '../../src/manifest/schema';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** 2026-03-02T00:00:00Z, a Monday: a fixed "now" so every test is reproducible. */
export const T0 = Date.UTC(2026, 2, 2);

/** Items in tests are written loosely; the engine receives them as validated items. */
export type ItemSpec = Partial<Item> & { id: string; type: Item['type'] };

export function item(spec: ItemSpec): Item {
  const base: Record<string, unknown> = { body: 'text' };
  if (spec.type === 'helpLink' || spec.type === 'tooltip' || spec.type === 'hotspot') base.target = `#${spec.id}`;
  if (spec.type === 'tour') base.steps = [{ body: 'step' }];
  if (spec.type === 'checklist') base.tasks = [{ id: 't', title: 'task' }];
  return { ...base, ...spec } as Item;
}

export function manifest(items: ItemSpec[], caps?: Caps): Manifest {
  return { schemaVersion: 1, revision: 'test', items: items.map(item), ...(caps ? { settings: { caps } } : {}) };
}

export function input(m: Manifest, extra: Partial<DecideInput> = {}): DecideInput {
  return { manifest: m, progress: emptyProgress(), attributes: {}, now: T0, ...extra };
}

export function progressWith(parts: Partial<ProgressState>): ProgressState {
  return { ...emptyProgress(), ...parts };
}
