// The CommonJS build (dist/guidepost.cjs, bundled by scripts/commonjs.mjs after `npm run build`)
// leaves authoring mode out: asking for it reports why through onError, and the SDK carries on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const requireBuilt = createRequire(import.meta.url);
const built = join(__dirname, '../../dist/guidepost.cjs');

describe('authoring mode in the CommonJS build', () => {
  it('is not carried: the panel is left out of the file', () => {
    const file = readFileSync(built, 'utf8');
    // The panel's own words (src/authoring/ItemList.tsx) are not in the file; the reason is.
    expect(file).not.toContain('New tour starting here');
    expect(file).toContain('the CommonJS build leaves it out');
  });

  it('reports why through onError when it is asked for, and the SDK carries on', async () => {
    const { createGuidepost, memoryStorage } = requireBuilt(built) as typeof import('../../src/index');
    const onError = vi.fn();
    const events: { type: string; name?: string }[] = [];
    const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', items: [] }, storage: memoryStorage(), onError, onEvent: (event) => events.push(event) });
    await gp.start();
    gp.author(true);
    await vi.waitFor(() => expect(onError.mock.calls.map(([error]) => (error as Error).message).join('\n')).toMatch(/authoring mode needs the ESM or IIFE build/));
    // Events are not left muted by the panel that never opened.
    gp.track('still-tracking');
    expect(events.filter((event) => event.type === 'goal').map((event) => event.name)).toEqual(['still-tracking']);
    expect(gp.explain()).toEqual([]);
    gp.destroy();
  });
});
