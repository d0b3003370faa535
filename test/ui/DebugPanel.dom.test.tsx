/**
 * src/ui/DebugPanel.tsx, "why isn't it showing?": a complementary region named by its heading,
 * its stylesheet in its shadow root only while it is open, the manifest revision and the outbox,
 * a labelled filter over the items (by id or type), one row per item with its state, verdict and
 * a Replay button named for the item, a labelled arm picker per experiment that forces the arm
 * chosen, and the attributes conditions see. Everything from outside (ids, verdicts, attributes)
 * is text. Unmounting removes its nodes and its stylesheet.
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { Assignment } from '../../src/engine/assign';
import type { Experiment } from '../../src/manifest/schema';
import type { Explanation } from '../../src/options';
import { DebugPanel, type DebugActions, type DebugData } from '../../src/ui/DebugPanel';
import { DEBUG_CSS } from '../../src/ui/debug-styles';

const explanation = (itemId: string, type: string, shown: boolean, message: string) => ({ itemId, type, shown, message, reason: shown ? 'shown' : 'condition' }) as unknown as Explanation;
const experiment = { key: 'onboarding', unit: 'account', variations: [{ key: 'control' }, { key: 'tour' }, { key: 'none', enabled: false }] } as unknown as Experiment;
const assignment = (fields: Partial<Assignment>): Assignment => ({
  experiment: 'onboarding', inExperiment: true, variation: 'tour', variationIndex: 1, enabled: true, unit: 'account', unitId: 'acme', bucketVersion: 1, hashValue: 0.4, forced: false, reason: 'hashed', ...fields,
}) as Assignment;

const data = (extra: Partial<DebugData> = {}): DebugData => ({
  explanations: [explanation('welcome', 'tour', true, 'Shown.'), explanation('export-tip', 'tooltip', false, 'Its condition is false.'), explanation('news', 'banner', false, 'Dismissed before.')],
  statuses: { welcome: 'seen', news: 'dismissed' },
  attributes: { user: { plan: 'trial' } },
  experiments: [],
  assignments: [],
  outbox: 3,
  revision: '2026-11-22.1',
  ...extra,
});
type Spied = { [K in keyof DebugActions]: Mock<DebugActions[K]> };
const actions = (): Spied => ({
  onClose: vi.fn(), onReset: vi.fn(), onForce: vi.fn(), onReplay: vi.fn(), onPick: vi.fn(), onRefresh: vi.fn(),
});

/** The panel drawn as the SDK draws it: in a host's open shadow root. */
function show(d: DebugData = data(), inShadow = true) {
  const a = actions();
  const host = document.body.appendChild(document.createElement('div'));
  const shadow = host.attachShadow({ mode: 'open' });
  const container = inShadow ? shadow.appendChild(document.createElement('div')) : document.body.appendChild(document.createElement('div'));
  const view = render(<DebugPanel data={d} actions={a} />, { container });
  const q = <E extends HTMLElement = HTMLElement>(selector: string) => container.querySelector<E>(selector);
  const rows = () => [...container.querySelectorAll('tbody tr')].map((row) => row.getAttribute('data-item'));
  return { ...view, a, shadow, container, q, rows };
}
const cssOf = (root: ShadowRoot) => root.adoptedStyleSheets.map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join('\n'));

afterEach(() => {
  act(() => cleanup());
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('DebugPanel: structure', () => {
  it('is a region named by its heading, marked open', () => {
    const s = show();
    const panel = s.q('[data-part=debug-panel]')!;
    expect(panel.tagName).toBe('ASIDE');
    expect(panel.getAttribute('data-state')).toBe('open');
    expect(s.container.querySelector(`#${panel.getAttribute('aria-labelledby')}`)?.textContent).toBe('Guidepost debug');
  });

  it('shows the manifest revision and how many events wait in the outbox', () => {
    const s = show(data({ outbox: 0, revision: 'r<script>' }));
    expect(s.q('[data-part=debug-meta] code')!.textContent).toBe('r<script>');
    expect(s.q('[data-part=debug-outbox]')!.textContent).toBe('0');
    expect(s.q('script')).toBeNull();
  });

  it('lists one row per item: id and type, state (new when unknown), verdict, shown or hidden', () => {
    const s = show();
    const rows = [...s.container.querySelectorAll('tbody tr')].map((row) => [
      row.getAttribute('data-item'),
      row.getAttribute('data-state'),
      row.querySelector('th code')!.textContent,
      row.querySelector('th small')!.textContent,
      row.querySelectorAll('td')[0].textContent,
      row.querySelector('[data-part=debug-verdict]')!.textContent,
    ]);
    expect(rows).toEqual([
      ['welcome', 'shown', 'welcome', 'tour', 'seen', 'Shown.'],
      ['export-tip', 'hidden', 'export-tip', 'tooltip', 'new', 'Its condition is false.'],
      ['news', 'hidden', 'news', 'banner', 'dismissed', 'Dismissed before.'],
    ]);
  });

  it('its table has a caption and column headers for screen readers', () => {
    const s = show();
    expect(s.q('table caption')!.textContent).toBe('Items and why they are or are not showing');
    expect([...s.container.querySelectorAll('thead th')].map((th) => [th.getAttribute('scope'), th.textContent])).toEqual([
      ['col', 'Item'], ['col', 'State'], ['col', 'Verdict'], ['col', 'Actions'],
    ]);
    expect([...s.container.querySelectorAll('tbody th')].every((th) => th.getAttribute('scope') === 'row')).toBe(true);
  });

  it('shows the attributes conditions see as JSON', () => {
    const s = show();
    expect(JSON.parse(s.q('[data-part=debug-attributes] pre')!.textContent!)).toEqual({ user: { plan: 'trial' } });
    expect(s.q('[data-part=debug-attributes] summary')!.textContent).toBe('Attributes conditions see');
  });

  it('ids, verdicts and attributes from outside stay text, "__proto__" keys included', () => {
    const attributes = JSON.parse('{"__proto__": {"polluted": true}, "x": "<img src=x onerror=alert(1)>"}');
    const s = show(data({ explanations: [explanation('<b>id</b>', 'tour', false, '<img src=x>')], attributes }));
    expect(s.q('img, b')).toBeNull();
    expect(s.q('tbody th code')!.textContent).toBe('<b>id</b>');
    expect(JSON.parse(s.q('pre')!.textContent!)).toEqual(attributes);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('DebugPanel: actions', () => {
  it('the × is named "Close debug panel" and closes it', () => {
    const s = show();
    const close = s.q('[data-part=close]')!;
    expect(close.getAttribute('aria-label')).toBe('Close debug panel');
    fireEvent.click(close);
    expect(s.a.onClose).toHaveBeenCalledTimes(1);
  });

  it('Pick, Refresh and Reset each call their action once', () => {
    const s = show();
    for (const [action, spy] of [['pick', s.a.onPick], ['refresh', s.a.onRefresh], ['reset', s.a.onReset]] as const) {
      const button = s.q<HTMLButtonElement>(`[data-action=${action}]`)!;
      expect(button.type).toBe('button');
      fireEvent.click(button);
      expect(spy).toHaveBeenCalledTimes(1);
    }
    expect(s.a.onClose).not.toHaveBeenCalled();
  });

  it('each Replay button is named for its item and replays that item', () => {
    const s = show();
    const replay = [...s.container.querySelectorAll<HTMLButtonElement>('[data-action=replay]')];
    expect(replay.map((b) => b.getAttribute('aria-label'))).toEqual(['Replay welcome', 'Replay export-tip', 'Replay news']);
    fireEvent.click(replay[1]);
    expect(s.a.onReplay.mock.calls).toEqual([['export-tip']]);
  });
});

describe('DebugPanel: filter', () => {
  it('is a labelled search field', () => {
    const s = show();
    const input = s.q<HTMLInputElement>('[data-part=debug-filter]')!;
    expect(input.type).toBe('search');
    expect(s.q(`label[for="${input.id}"]`)!.textContent).toBe('Filter items');
  });

  it('keeps the items whose id or type contains the text; clearing it shows all again', () => {
    const s = show();
    const input = s.q<HTMLInputElement>('[data-part=debug-filter]')!;
    fireEvent.input(input, { target: { value: 'tip' } });
    expect(s.rows()).toEqual(['export-tip']);
    fireEvent.input(input, { target: { value: 'banner' } });
    expect(s.rows()).toEqual(['news']);
    fireEvent.input(input, { target: { value: 'nothing matches' } });
    expect(s.rows()).toEqual([]);
    fireEvent.input(input, { target: { value: '' } });
    expect(s.rows()).toEqual(['welcome', 'export-tip', 'news']);
  });

  it('a filter that looks like a pattern is matched as text', () => {
    const s = show();
    fireEvent.input(s.q('[data-part=debug-filter]')!, { target: { value: '.*' } });
    expect(s.rows()).toEqual([]);
  });
});

describe('DebugPanel: experiments', () => {
  it('without experiments there is no experiments section', () => {
    expect(show().q('[data-part=debug-experiment]')).toBeNull();
  });

  it('one labelled arm picker per experiment, set to the assigned arm, holdouts marked', () => {
    const s = show(data({ experiments: [experiment], assignments: [assignment({})] }));
    const block = s.q('[data-part=debug-experiment][data-experiment=onboarding]')!;
    const select = block.querySelector('select')!;
    expect(block.querySelector(`label[for="${select.id}"]`)!.textContent).toBe('onboarding (account acme, hashed)');
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([['control', 'control'], ['tour', 'tour'], ['none', 'none (holdout)']]);
    expect(select.value).toBe('tour');
  });

  it('a unit not in the experiment can be forced in: "not in experiment" is offered and chosen', () => {
    const s = show(data({ experiments: [experiment], assignments: [assignment({ inExperiment: false, variation: undefined, unitId: null, reason: 'coverage' } as Partial<Assignment>)] }));
    const select = s.q<HTMLSelectElement>('select')!;
    expect(select.options[0].value).toBe('');
    expect(select.options[0].textContent).toBe('not in experiment');
    expect(select.value).toBe('');
    expect(s.q('[data-part=debug-experiment] label')!.textContent).toBe('onboarding (account —, coverage)');
  });

  it('an experiment with no assignment yet says so', () => {
    const s = show(data({ experiments: [{ ...experiment, unit: undefined } as unknown as Experiment], assignments: [] }));
    expect(s.q('[data-part=debug-experiment] label')!.textContent).toBe('onboarding (user —, not assigned)');
  });

  it('choosing an arm forces it, once, for that experiment', () => {
    const s = show(data({ experiments: [experiment], assignments: [assignment({})] }));
    const select = s.q<HTMLSelectElement>('select')!;
    fireEvent.change(select, { target: { value: 'control' } });
    expect(s.a.onForce.mock.calls).toEqual([['onboarding', 'control']]);
  });
});

describe('DebugPanel: stylesheet and unmounting', () => {
  it("adds its stylesheet to its shadow root while open, and takes it away on unmount with every node", () => {
    const s = show();
    const sheets = cssOf(s.shadow);
    expect(sheets.length).toBe(1);
    expect(sheets[0]).toMatch(/debug-panel/);
    expect(DEBUG_CSS).toContain('[data-part=debug-panel]');
    act(() => {
      s.unmount();
    });
    expect(s.shadow.adoptedStyleSheets).toEqual([]);
    expect(s.container.childNodes.length).toBe(0);
  });

  it('keeps the sheets the root had before', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'open' });
    const own = new CSSStyleSheet();
    own.replaceSync('p{margin:0}');
    shadow.adoptedStyleSheets = [own];
    const container = shadow.appendChild(document.createElement('div'));
    const view = render(<DebugPanel data={data()} actions={actions()} />, { container });
    expect(shadow.adoptedStyleSheets.length).toBe(2);
    expect(shadow.adoptedStyleSheets[0]).toBe(own);
    act(() => {
      view.unmount();
    });
    expect(shadow.adoptedStyleSheets).toEqual([own]);
  });

  it('where constructable sheets fail, its <style> element goes with it too', () => {
    vi.spyOn(CSSStyleSheet.prototype, 'replaceSync').mockImplementation(() => {
      throw new Error('not supported');
    });
    const s = show();
    expect([...s.shadow.querySelectorAll('style')].map((style) => style.textContent)).toEqual([DEBUG_CSS]);
    act(() => {
      s.unmount();
    });
    expect(s.shadow.querySelector('style')).toBeNull();
  });

  it('drawn outside a shadow root, it adds no stylesheet to the page', () => {
    const before = document.adoptedStyleSheets.length;
    const s = show(data(), false);
    expect(s.q('[data-part=debug-panel]')).not.toBeNull();
    expect(document.adoptedStyleSheets.length).toBe(before);
    expect(document.querySelectorAll('style').length).toBe(0);
  });
});

describe('attributes that JSON cannot serialize do not break the panel', () => {
  // The attributes include the host's user traits as given (`user: { traits }`), unchecked. A trait
  // that JSON.stringify refuses (a BigInt such as `seats: 10n`, an object with a cycle, a toJSON
  // that throws) must not make the panel throw while rendering: drawn in the Layer, it would take
  // every renderer.render() down while it is open.
  // The panel should show what it can (e.g. "[unserializable: …]") and keep the rest.
  it.each([
    ['a BigInt', { user: { seats: 10n } }],
    ['a cycle', (() => {
      const user: Record<string, unknown> = { plan: 'trial' };
      user.self = user;
      return { user };
    })()],
  ])('attributes with %s still render the panel and its items', (_name, attributes) => {
    const s = show(data({ attributes: attributes as Record<string, unknown> }));
    expect(s.rows()).toEqual(['welcome', 'export-tip', 'news']);
    expect(s.q('[data-part=debug-attributes] pre')!.textContent).not.toBe('');
  });

  it('writes an object shared by two branches in full both times, and only a real cycle as [cycle]', () => {
    const traits = { plan: 'team' };
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.again = loop;
    const s = show(data({ attributes: { user: { traits }, account: { traits }, loop } as Record<string, unknown> }));
    const shown = JSON.parse(s.q('[data-part=debug-attributes] pre')!.textContent!);
    expect(shown).toEqual({ user: { traits: { plan: 'team' } }, account: { traits: { plan: 'team' } }, loop: { name: 'loop', again: '[cycle]' } });
  });
});
