/**
 * src/react/shared.ts in Node (no DOM), used by guidepost/react and guidepost/vue: the tour
 * state read from explain() (never throwing, whatever it is given), one item's explanation
 * (never every item's, for an id missing at run time), the document an instance renders into (none on a server), the
 * bound on calls kept before an instance exists; and importing either binding reads no browser
 * global (server rendering imports them).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import 'react';
import 'vue';
import { documentOf, explainItem, MAX_PENDING_CALLS, tourState } from '../../src/react/shared';
import { GuidepostContext as contextImportedFirst } from '../../src/react/provider';
import type { Explanation, Guidepost } from '../../src/index';

const explanation = (shown: boolean, code: string): Explanation => ({ itemId: 't', type: 'tour', shown, reason: { code } as Explanation['reason'], message: '' });

describe('tourState', () => {
  it('unknown without an explanation (server, before start(), no such item)', () => {
    expect(tourState(undefined)).toBe('unknown');
  });

  it('showing whenever a step is on screen, whatever the reason says', () => {
    expect(tourState(explanation(true, 'eligible'))).toBe('showing');
    expect(tourState(explanation(true, 'completed'))).toBe('showing');
  });

  it('done when completed, dismissed or its goal reached', () => {
    for (const code of ['completed', 'dismissed', 'goal-reached']) expect(tourState(explanation(false, code))).toBe('done');
  });

  it('waiting for every other reason, including ones added later', () => {
    for (const code of ['trigger', 'cap', 'target-missing', 'waiting', 'deciding', 'holdout', 'a-future-reason', '__proto__', 'constructor']) {
      expect(tourState(explanation(false, code))).toBe('waiting');
    }
  });
});

describe('tourState on what a JS caller or a bug may give it', () => {
  it('unknown for anything but one explanation (every item\'s, as explain() without an id returns); waiting without a reason', () => {
    const odd = [null, 0, 'completed', [], [explanation(false, 'completed')]] as unknown as Explanation[];
    for (const value of odd) expect(tourState(value)).toBe('unknown');
    expect(tourState({ itemId: 't', shown: false } as Explanation)).toBe('waiting');
    expect(tourState({ itemId: 't', shown: false, reason: null } as unknown as Explanation)).toBe('waiting');
    expect(tourState({ itemId: 't', shown: 'yes', reason: { code: 1 } } as unknown as Explanation)).toBe('waiting');
  });
});

describe('explainItem', () => {
  const all = [explanation(false, 'trigger')];
  const gp = { explain: (id?: string) => (id === undefined ? all : all.find((e) => e.itemId === id)) } as Guidepost;

  it('explain(id) for a non-empty string id', () => {
    expect(explainItem(gp, 't')).toBe(all[0]);
    expect(explainItem(gp, 'other')).toBeUndefined();
  });

  it('nothing for an id that is undefined, empty or not a string: never every item\'s explanations', () => {
    for (const id of [undefined, null, '', 0, {}, ['t']]) expect(explainItem(gp, id)).toBeUndefined();
  });

  it('nothing when explain() returns anything but one explanation', () => {
    expect(explainItem({ explain: () => all } as unknown as Guidepost, 't')).toBeUndefined();
  });
});

describe('documentOf', () => {
  it('the document passed in the options, else none on a server', () => {
    expect(typeof document).toBe('undefined');
    expect(documentOf({})).toBeUndefined();
    const doc = { nodeType: 9 } as unknown as Document;
    expect(documentOf({ document: doc })).toBe(doc);
  });
});

describe('MAX_PENDING_CALLS', () => {
  it('is as many calls as the core keeps before start()', () => {
    expect(MAX_PENDING_CALLS).toBe(100);
  });
});

describe('importing the bindings on a server', () => {
  const globals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'history', 'customElements'] as const;
  afterEach(() => {
    for (const name of globals) delete (globalThis as Record<string, unknown>)[name];
    vi.resetModules();
  });

  it('guidepost/react and guidepost/vue (and the SDK they import) read no browser global when imported', async () => {
    const saved = Object.fromEntries(globals.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]));
    const read: string[] = [];
    for (const name of globals) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          read.push(name);
          return undefined;
        },
      });
    }
    try {
      // React and Vue were imported above (their own feature checks are theirs); the SDK's modules are evaluated afresh.
      vi.resetModules();
      const react = await import('../../src/react/index');
      const vue = await import('../../src/vue/index');
      expect(typeof react.GuidepostProvider).toBe('function');
      // Evaluated afresh (not the copy imported at the top of this file), so the check means something.
      expect(react.GuidepostContext).not.toBe(contextImportedFirst);
      expect(typeof vue.GuidepostPlugin.install).toBe('function');
    } finally {
      for (const name of globals) {
        delete (globalThis as Record<string, unknown>)[name];
        if (saved[name]) Object.defineProperty(globalThis, name, saved[name]!);
      }
    }
    expect(read).toEqual([]);
  });
});
