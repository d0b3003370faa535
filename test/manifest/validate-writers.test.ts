/** validateForWriters: an item skipped for one mistake is also told its other mistakes, in the same run; a page's validateManifest is unchanged. */
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../src/manifest/validate';
import { validateForWriters } from '../../src/manifest/validate-writers';

const manifest = (items: unknown[]) => ({ schemaVersion: 1, revision: 'r1', items });

describe('an item skipped for one mistake', () => {
  it('is also told its broken references, in one run, and stays skipped', () => {
    const result = validateForWriters(manifest([
      { id: 'a', type: 'banner', body: 'Hi', bogus: 1, requires: ['missing-item'], buttons: [{ label: 'Go', action: 'startTour', tour: 'nope' }] },
      { id: 'b', type: 'banner', body: 'Hello' },
    ]));
    expect(result.problems.map((p) => [p.path, p.severity])).toEqual([
      ['items[0].bogus', 'error'],
      ['items[0].requires[0]', 'error'],
      ['items[0].buttons[0].tour', 'error'],
    ]);
    expect(result.problems[1].message).toBe('item "a" at items[0].requires[0]: requires "missing-item", but no item has that id');
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['b']);
  });

  it('is not told what only its salvaged copy lacks (a banner whose only text was wrong)', () => {
    const result = validateForWriters(manifest([{ id: 'a', type: 'banner', title: { en: 'Hi', ar: true } }]));
    expect(result.problems.map((p) => p.path)).toEqual(['items[0].title.ar']);
  });

  it('validateForWriters lists what was checked of the skipped items; validateManifest (a page) keeps its shape and problems', () => {
    const input = manifest([{ id: 'a', type: 'banner', body: { en: 'Hi' }, bogus: 1, requires: ['missing-item'] }]);
    expect(validateForWriters(input).skippedItems.map((e) => [e.value.id, e.index])).toEqual([['a', 0]]);
    const page = validateManifest(input);
    expect(Object.keys(page).sort()).toEqual(['itemIndexes', 'manifest', 'problems']);
    expect(page.problems.map((p) => p.path)).toEqual(['items[0].bogus']);
  });

  it('an item that requires itself is told so, not that the item "has errors"', () => {
    const result = validateForWriters(manifest([{ id: 'a', type: 'banner', body: 'x', bogus: 1, requires: ['a'] }]));
    expect(result.problems.map((p) => p.message)).toContain('item "a" at items[0].requires[0]: an item cannot require itself');
  });

  it('an empty title is not called an error because the body beside it was dropped for another mistake', () => {
    const result = validateForWriters(manifest([{ id: 'a', type: 'banner', title: {}, body: { en: 'Hi', xx_bad: 3 } }]));
    expect(result.problems.filter((p) => p.code === 'missing-content')).toEqual([]);
  });
});

describe('an item skipped for a mistake inside one step or task', () => {
  it('is still checked in its other steps and fields: a typo in one step hides nothing else', () => {
    const result = validateForWriters(manifest([
      { id: 'tour', type: 'tour', requires: ['nope'], steps: [
        { target: '#a', bdy: 'x', title: 'One', buttons: [{ label: 'Go', action: 'startTour', tour: 'missing-tour' }] },
        { target: '#b', body: 'Two', image: { src: 'javascript:alert(1)', alt: 'x' } },
      ] },
    ]));
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([
      ['unknown-key', 'items[0].steps[0].bdy'],
      ['unknown-reference', 'items[0].requires[0]'],
      ['unknown-reference', 'items[0].steps[0].buttons[0].tour'],
      ['unsafe-url', 'items[0].steps[1].image.src'],
    ]);
    expect(result.skippedItems.map((e) => e.value.id)).toEqual(['tour']);
  });

  it('a step left out whole does not move what is found in the steps after it', () => {
    const result = validateForWriters(manifest([
      { id: 'tour', type: 'tour', steps: ['not a step', { target: '#b', body: 'Two', buttons: [{ label: 'Read', action: 'url', url: 'javascript:x' }] }] },
    ]));
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([
      ['invalid-value', 'items[0].steps[0]'],
      ['unsafe-url', 'items[0].steps[1].buttons[0].url'],
    ]);
  });

  it('an empty step title is not called an error because the step body beside it was dropped for a mistake', () => {
    const result = validateForWriters(manifest([{ id: 'tour', type: 'tour', steps: [{ title: {}, body: { en: 'Hi', xx_bad: 3 } }] }]));
    expect(result.problems.filter((p) => p.code === 'missing-content')).toEqual([]);
  });

  it('an item skipped only because it starts a skipped tour is listed with the skipped items, so its texts are checked too', () => {
    const result = validateForWriters(manifest([
      { id: 'tour', type: 'tour', steps: [{ bdy: 'x', title: 'One' }] },
      { id: 'list', type: 'checklist', title: { en: 'Start' }, tasks: [{ id: 't1', title: { en: 'Take the tour' }, tour: 'tour' }] },
    ]));
    expect(result.manifest?.items).toEqual([]);
    expect(result.skippedItems.map((e) => [e.value.id, e.index])).toEqual([['tour', 0], ['list', 1]]);
  });
});
