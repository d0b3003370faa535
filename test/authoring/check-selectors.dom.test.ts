/**
 * src/authoring/check.ts where there is a DOM: selector syntax is checked by the engine that will
 * match it, and a bad selector is shown beside its item with the browser's first line of error.
 */
import { describe, expect, it, vi } from 'vitest';
import { checkDraft } from '../../src/authoring/check';
import type { JsonObject } from '../../src/authoring/json-patch';

const draft = (items: unknown[]): JsonObject => ({ schemaVersion: 1, revision: 'r1', items }) as JsonObject;

describe('checkDraft with a DOM', () => {
  it('reports an invalid selector on its item, and skips only that item', () => {
    const result = checkDraft(draft([{ id: 'bad', type: 'tooltip', target: 'a[', body: 'x' }, { id: 'good', type: 'tooltip', target: 'main > button#save', body: 'x' }]), []);
    expect(result.byItem.get('bad')?.map((p) => p.code)).toEqual(['invalid-selector']);
    expect(result.byItem.get('bad')![0].message).toContain('items[0].target');
    expect(result.byItem.get('bad')![0].message).toContain('"a["');
    expect(result.byItem.has('good')).toBe(false);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['good']);
    expect(result.errors).toBe(1);
  });

  it('checks selectors of tour steps and reports them on the tour', () => {
    const result = checkDraft(draft([{ id: 'tour', type: 'tour', steps: [{ target: '#ok', body: 'a' }, { target: ':::', body: 'b' }] }]), []);
    expect(result.byItem.get('tour')?.map((p) => p.path)).toEqual(['items[0].steps[1].target']);
  });

  it('keeps only the first line of a multi-line engine message', () => {
    const spy = vi.spyOn(DocumentFragment.prototype, 'querySelector').mockImplementation(() => {
      throw new SyntaxError('first line\nsecond line');
    });
    try {
      const result = checkDraft(draft([{ id: 'x', type: 'tooltip', target: '#fine', body: 'x' }]), []);
      const message = result.byItem.get('x')![0].message;
      expect(message).toContain('first line');
      expect(message).not.toContain('second line');
    } finally {
      spy.mockRestore();
    }
  });

  it('a huge selector is checked and its message stays bounded', () => {
    const huge = `#${'a['.repeat(50_000)}`;
    const result = checkDraft(draft([{ id: 'huge', type: 'tooltip', target: huge, body: 'x' }]), []);
    const problems = result.byItem.get('huge') ?? [];
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.message.length).toBeLessThanOrEqual(500);
  });
});
