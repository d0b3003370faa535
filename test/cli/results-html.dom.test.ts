/**
 * src/cli/results-html.ts: the results page of `guidepost serve`, rendered on the server from
 * an analysis report whose names (experiments, variations, tours, items, origins, goal) come
 * from collected events — anyone who can POST /collect chooses them. Every one must come out
 * as text: the page is parsed here (happy-dom) and checked element by element. Also: every
 * state of the page, the verdict labels, numbers that are not finite, and chart ids.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { futureRowsNote, stepsNotListedNote } from '../../src/analysis/format';
import { renderMain, renderPage, type ResultsState } from '../../src/cli/results-html';
import type { AnalysisReport, ArmResult, Check, Comparison, ExperimentResult, PopulationResult, SplitCheck, TourResult } from '../../src/analysis/report';

/** A name carrying markup, quotes, an ampersand and control characters; `tag` tells them apart. */
const hostile = (tag: string) => `<script>alert("${tag}")</script><img src=x onerror='${tag}'>&amp;\u0007\u001b${tag}`;

const arm = (variation: string, fields: Partial<ArmResult> = {}): ArmResult => ({
  variation,
  control: false,
  counterfactual: false,
  units: 1000,
  converted: 100,
  goalEvents: 120,
  rate: 0.1,
  rateCi: [0.08, 0.12],
  expectedShare: 0.5,
  observedShare: 0.5,
  ...fields,
});

const comparison = (variation: string, control: string, fields: Partial<Comparison> = {}): Comparison => ({
  variation,
  control,
  absoluteLift: 0.02,
  absoluteCi: [0.005, 0.035],
  relativeLift: 0.2,
  relativeCi: [0.05, 0.35],
  z: 2.5,
  pValue: 0.012,
  significant: true,
  neededPerArm: 4000,
  enoughData: true,
  detectableLift: 0.015,
  summary: `${variation} converts better than ${control}`,
  ...fields,
});

const srm = (fields: Partial<SplitCheck> = {}): SplitCheck => ({
  chiSquare: 0.1,
  df: 1,
  pValue: 0.75,
  expected: [1000, 1000],
  mismatch: false,
  weights: [0.5, 0.5],
  weightsFrom: 'equal',
  status: 'pass',
  emptyArms: [],
  verdict: 'The split matches the configured weights.',
  ...fields,
});

const population = (control: string, treatment: string, fields: Partial<PopulationResult> = {}): PopulationResult => ({
  available: true,
  arms: [arm(control, { control: true, counterfactual: true }), arm(treatment, { rate: 0.12, rateCi: [0.1, 0.14] })],
  comparisons: [comparison(treatment, control)],
  srm: srm(),
  inProgressUnits: 0,
  ...fields,
});

const check = (id: Check['id'], status: Check['status'], message: string): Check => ({ id, status, message });

function experimentResult(names: { experiment: string; control: string; treatment: string; unit: string }, fields: Partial<ExperimentResult> = {}): ExperimentResult {
  return {
    experiment: names.experiment,
    bucketVersion: 0,
    unit: names.unit,
    control: names.control,
    controlRule: 'counterfactual',
    recommendation: { population: 'exposed', headline: 'Report the exposed lift.', why: 'Both arms log an exposure at the trigger.' },
    exposed: population(names.control, names.treatment),
    intentToTreat: { available: false, reason: 'no assignment events', arms: [], comparisons: [], inProgressUnits: 0 },
    checks: [check('split-exposed', 'pass', 'Split as configured.'), check('goals-before-exposure', 'warn', 'Some goals came first.')],
    hygiene: { exposureEvents: 2000, forcedEvents: 3, forcedUnits: 1, multiVariationUnits: 2, assignmentExposureDisagreements: 0, exposedWithoutAssignment: 0, goalsBeforeExposureUnits: 0, clockSkewUnits: 0 },
    notes: [],
    ...fields,
  };
}

const tour = (name: string, fields: Partial<TourResult> = {}): TourResult => ({
  tour: name,
  version: 2,
  started: 100,
  completed: 40,
  completionRate: 0.4,
  steps: [
    { step: 0, units: 100, dropOff: 30, dropOffRate: 0.3 },
    { step: 1, units: 70, dropOff: 30, dropOffRate: 0.4286 },
  ],
  dismissals: [{ origin: 'close-button', units: 20, events: 25 }],
  ...fields,
});

function report(fields: Partial<AnalysisReport> = {}): AnalysisReport {
  return {
    goal: 'upgraded',
    windowDays: 28,
    alpha: 0.05,
    power: 0.8,
    mde: 0.02,
    inputs: ['events.ndjson'],
    asOf: '2026-01-31T00:00:00.000Z',
    includeInProgress: false,
    hygiene: { rowsRead: 5000, unusableRows: 0, zonelessRows: 0, duplicateRowsDropped: 7, events: 4993 },
    experiments: [experimentResult({ experiment: 'help-links', control: 'holdout', treatment: 'help', unit: 'user' })],
    tours: [tour('welcome')],
    feedback: [{ item: 'reports-help', itemType: 'helpLink', answers: 50, yes: 40, share: 0.8, shareCi: [0.67, 0.89] }],
    ...fields,
  };
}

/** The page with a plain command in its footer (the footer has tests of its own below). */
const page = (state: ResultsState) => renderPage(state, 'npx guidepost analyze events.ndjson');

const okState = (r: AnalysisReport, fields: Partial<ResultsState> = {}): ResultsState => ({ status: 'ok', version: 'v1', generatedAt: '2026-01-31T12:34:56.000Z', report: r, ...fields });

beforeAll(() => {
  // The page links /results.css: happy-dom would log a failed load for every parsed page.
  (window as unknown as { happyDOM: { settings: { handleDisabledFileLoadingAsSuccess: boolean } } }).happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
});

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
/** The inside of <main> as a document of its own. */
const parseMain = (state: ResultsState) => parse(`<!doctype html><html><body><main id="results">${renderMain(state)}</main></body></html>`);

/** Every kind of element the page is built from: an injected tag shows up as one not listed. */
const ALLOWED_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'link', 'script', 'body', 'header', 'main', 'footer', 'section', 'div', 'h1', 'h2', 'h3', 'p', 'strong', 'span', 'code', 'pre',
  'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'figure', 'svg', 'desc', 'line', 'text', 'rect', 'circle', 'button', 'bdi',
]);

function expectNoInjectedMarkup(doc: Document) {
  const elements = Array.from(doc.querySelectorAll('*'));
  expect(elements.length).toBeGreaterThan(10);
  for (const element of elements) {
    expect(ALLOWED_TAGS.has(element.localName), `<${element.localName}>`).toBe(true);
    for (const attribute of Array.from(element.attributes)) expect(attribute.name.startsWith('on'), `${element.localName}[${attribute.name}]`).toBe(false);
  }
  expect(doc.querySelectorAll('img')).toHaveLength(0);
}

/** A name as plain text isolates it: between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE. */
const isolated = (name: string) => `\u2068${name}\u2069`;

/** Text of the elements matching `selector`. */
const texts = (doc: Document, selector: string) => Array.from(doc.querySelectorAll(selector), (e) => e.textContent ?? '');

describe('renderPage: hostile names from collected events are text, everywhere', () => {
  const names = {
    experiment: hostile('experiment'),
    control: hostile('control'),
    treatment: hostile('treatment'),
    unit: hostile('unit'),
  };
  const hostileReport = report({
    goal: hostile('goal'),
    asOf: hostile('asOf'),
    experiments: [
      experimentResult(names, {
        recommendation: { population: null, headline: hostile('headline'), why: hostile('why') },
        exposed: population(names.control, names.treatment, {
          comparisons: [comparison(names.treatment, names.control, { summary: hostile('summary') })],
          srm: srm({ status: 'fail', mismatch: true, verdict: hostile('verdict') }),
        }),
        intentToTreat: { available: false, reason: hostile('reason'), arms: [], comparisons: [], inProgressUnits: 0 },
        checks: [check('assignment-audit', 'fail', hostile('check'))],
        notes: [hostile('note')],
      }),
    ],
    tours: [tour(hostile('tour'), { dismissals: [{ origin: hostile('origin'), units: 3, events: 3 }] })],
    feedback: [{ item: hostile('item'), itemType: hostile('itemType'), answers: 2, yes: 1, share: 0.5, shareCi: [0.1, 0.9] }],
  });
  const state = okState(hostileReport, { version: hostile('version'), message: hostile('message') });
  let html = '';
  let doc: Document;
  beforeAll(() => {
    html = page(state);
    doc = parse(html);
  });

  it('has exactly its own script, and no injected element or event handler', () => {
    const scripts = doc.querySelectorAll('script');
    expect(scripts).toHaveLength(1);
    expect(scripts[0].getAttribute('src')).toBe('/results.js');
    expect(scripts[0].textContent).toBe('');
    expectNoInjectedMarkup(doc);
  });

  it('never contains a hostile name unescaped', () => {
    for (const tag of ['experiment', 'control', 'treatment', 'unit', 'goal', 'headline', 'why', 'summary', 'verdict', 'reason', 'check', 'note', 'tour', 'origin', 'item', 'itemType', 'version']) {
      expect(html, tag).not.toContain(hostile(tag));
      expect(html, tag).not.toContain(`alert("${tag}")`);
    }
    expect(html).not.toMatch(/<script>/);
    expect(html).not.toMatch(/<img/);
  });

  it('shows each name exactly as it was, as text where it belongs', () => {
    expect(texts(doc, 'section.experiment h2')).toEqual([`Experiment ${names.experiment}`]);
    expect(texts(doc, '.recommendation strong')).toEqual([hostile('headline')]);
    expect(doc.querySelector('.recommendation')!.textContent).toBe(`${hostile('headline')} ${hostile('why')}`);
    expect(texts(doc, 'table')[0]).toContain(names.control);
    expect(texts(doc, 'caption')).toContain(`Conversion per arm (${names.experiment})`);
    expect(texts(doc, 'tbody th[scope="row"]').slice(0, 3)).toEqual([`${names.control} control holdout`, names.treatment, names.treatment]);
    expect(texts(doc, 'ul.summary li')).toEqual([hostile('summary')]);
    expect(texts(doc, 'li.check')).toEqual([`Failed: ${hostile('check')}`]);
    expect(texts(doc, 'p.muted')).toContain(hostile('note'));
    expect(texts(doc, 'p.muted')).toContain(`Unavailable: ${hostile('reason')}.`);
    expect(texts(doc, 'main > p.muted strong')).toEqual([hostile('goal')]);
    expect(doc.querySelector('.verdict.alert:not(.recommendation)')!.textContent).toBe(`Sample-ratio mismatch. ${hostile('verdict')}`);
    expect(texts(doc, 'h3')).toContain(`${hostile('tour')} v2`);
    expect(texts(doc, 'section[aria-labelledby="tours-heading"] p').join('\n')).toContain(`Dismissed by: ${hostile('origin')} 3.`);
    expect(texts(doc, 'section[aria-labelledby="feedback-heading"] tbody th')).toEqual([hostile('item')]);
    expect(texts(doc, 'section[aria-labelledby="feedback-heading"] tbody td')[0]).toBe(hostile('itemType'));
  });

  it('keeps names inside the chart titles and descriptions as text, isolated (FSI … PDI: they hold controls)', () => {
    const titles = texts(doc, 'svg title');
    expect(titles).toContain(`Conversion per arm with 95% intervals (${isolated(names.experiment)})`);
    expect(titles).toContain(`Funnel of ${isolated(hostile('tour'))} version 2: people reaching each step`);
    const descs = texts(doc, 'svg desc');
    expect(descs[0]).toContain(`${isolated(names.control)}: 10.0%`);
    expect(texts(doc, 'svg text.label')).toContain(names.treatment);
  });

  it('keeps the version in its attribute, whole', () => {
    expect(doc.getElementById('results')!.getAttribute('data-version')).toBe(hostile('version'));
  });
});

describe('renderMain: every state', () => {
  const base = { version: 'v', generatedAt: '2026-01-31T00:00:00.000Z' };

  it('duckdb-missing: how to install it', () => {
    const doc = parseMain({ ...base, status: 'duckdb-missing', message: 'ignored' });
    expect(doc.querySelector('h2')!.textContent).toBe('Install DuckDB to see results');
    expect(doc.querySelector('pre code')!.textContent).toBe('npm install --save-dev @duckdb/node-api');
  });

  it('error: the message, escaped', () => {
    const doc = parseMain({ ...base, status: 'error', message: hostile('error') });
    expect(doc.querySelector('section.notice.alert h2')!.textContent).toBe('Could not analyse the events');
    expect(doc.querySelector('section.notice.alert p')!.textContent).toBe(hostile('error'));
    expectNoInjectedMarkup(parse(page({ ...base, status: 'error', message: hostile('error') })));
  });

  it('error without a message: an empty paragraph, not "undefined"', () => {
    expect(parseMain({ ...base, status: 'error' }).querySelector('section.notice p')!.textContent).toBe('');
  });

  it('no-events: the message given, else what to do', () => {
    expect(parseMain({ ...base, status: 'no-events', message: hostile('none') }).querySelector('section.notice p')!.textContent).toBe(hostile('none'));
    expect(parseMain({ ...base, status: 'no-events' }).querySelector('section.notice p')!.textContent).toMatch(/^Use the app/);
    // "ok" without a report is shown as no events, not as a crash.
    expect(parseMain({ ...base, status: 'ok' }).querySelector('section.notice h2')!.textContent).toBe('No events yet');
  });

  it('ok without experiments, tours or feedback: a notice and no empty sections', () => {
    const doc = parseMain(okState(report({ experiments: [], tours: [], feedback: [] })));
    expect(texts(doc, 'section.notice h2')).toEqual(['No experiment exposures yet']);
    expect(doc.getElementById('tours-heading')).toBeNull();
    expect(doc.getElementById('feedback-heading')).toBeNull();
  });

  it('states the goal, window, event counts and as-of time', () => {
    const doc = parseMain(okState(report({ windowDays: 0.5, asOf: null, hygiene: { rowsRead: 1, unusableRows: 0, zonelessRows: 0, duplicateRowsDropped: 1234, events: 1234567 } })));
    expect(doc.querySelector('main > p.muted')!.textContent).toBe(
      "Goal upgraded within 0.5 days of each unit's first exposure · 1,234,567 events (1,234 duplicates dropped) · data as of – UTC · 95% intervals.",
    );
  });

  it('counts zone-less timestamps, singular and plural, and says nothing when there are none', () => {
    const one = parseMain(okState(report({ hygiene: { rowsRead: 1, unusableRows: 0, zonelessRows: 1, duplicateRowsDropped: 0, events: 1 } })));
    expect(one.querySelector('.zoneless strong')!.textContent).toBe('1 event has a timestamp without a time zone');
    const many = parseMain(okState(report({ hygiene: { rowsRead: 1, unusableRows: 0, zonelessRows: 2500, duplicateRowsDropped: 0, events: 1 } })));
    expect(many.querySelector('.zoneless strong')!.textContent).toBe('2,500 events have a timestamp without a time zone');
    expect(parseMain(okState(report())).querySelector('.zoneless')).toBeNull();
  });

  it('is the same for the same state (chart ids restart), so results.js swaps in identical markup', () => {
    const state = okState(report());
    expect(renderMain(state)).toBe(renderMain(state));
  });
});

describe('renderMain: verdicts and checks', () => {
  const names = { experiment: 'exp', control: 'off', treatment: 'on', unit: 'user' };
  const withSrm = (fields: Partial<SplitCheck>) => parseMain(okState(report({ experiments: [experimentResult(names, { exposed: population('off', 'on', { srm: srm(fields) }) })] })));
  const srmText = (doc: Document) => doc.querySelector('section.experiment p.verdict:not(.recommendation) strong')!.textContent;

  it('labels the split check', () => {
    expect(srmText(withSrm({ status: 'pass' }))).toBe('Split as configured.');
    expect(srmText(withSrm({ status: 'fail', emptyArms: ['on'] }))).toBe('Split check failed.');
    expect(srmText(withSrm({ status: 'fail', mismatch: true }))).toBe('Sample-ratio mismatch.');
    expect(srmText(withSrm({ status: 'fail', mismatch: true, emptyArms: ['on'] }))).toBe('Split check failed.');
    expect(srmText(withSrm({ status: 'skipped', mismatch: false }))).toBe('Split not checked yet.');
    expect(withSrm({ status: 'fail', mismatch: true }).querySelector('section.experiment p.verdict.alert:not(.recommendation)')).not.toBeNull();
    expect(withSrm({ status: 'pass' }).querySelector('section.experiment p.verdict.ok:not(.recommendation)')).not.toBeNull();
  });

  it('shows a split not checked yet (no units) as neutral, not as a red failure', () => {
    const doc = withSrm({ status: 'skipped', verdict: 'No units counted yet: there is no split to check yet.' });
    const verdict = doc.querySelector('section.experiment p.verdict:not(.recommendation)')!;
    expect(verdict.className).toBe('verdict pending');
    expect(verdict.textContent).toBe('Split not checked yet. No units counted yet: there is no split to check yet.');
  });

  it('lists the checks failures first, then warnings, passes and skipped ones, with their ids and status', () => {
    const doc = parseMain(okState(report({
      experiments: [experimentResult(names, {
        checks: [
          check('split-exposed', 'pass', 'p'),
          check('in-progress-units', 'skipped', 's'),
          check('goals-before-exposure', 'warn', 'w'),
          check('assignment-audit', 'fail', 'f'),
        ],
      })],
    })));
    expect(Array.from(doc.querySelectorAll('li.check'), (li) => [li.getAttribute('data-check'), li.getAttribute('data-status'), li.textContent])).toEqual([
      ['assignment-audit', 'fail', 'Failed: f'],
      ['goals-before-exposure', 'warn', 'Warning: w'],
      ['split-exposed', 'pass', 'OK: p'],
      ['in-progress-units', 'skipped', 'Not checked: s'],
    ]);
  });

  it('marks a recommendation without a population as an alert when a check failed, and as pending when none did', () => {
    const none = { population: null, headline: 'h', why: 'w' };
    const failed = parseMain(okState(report({ experiments: [experimentResult(names, { recommendation: none, checks: [check('split-exposed', 'fail', 'f')] })] })));
    expect(failed.querySelector('.recommendation')!.className).toBe('verdict alert recommendation');
    expect(failed.querySelector('.recommendation')!.getAttribute('data-verdict')).toBe('alert');
    const waiting = parseMain(okState(report({ experiments: [experimentResult(names, { recommendation: none, checks: [check('split-exposed', 'skipped', 's')] })] })));
    expect(waiting.querySelector('.recommendation')!.className).toBe('verdict pending recommendation');
    expect(waiting.querySelector('.recommendation')!.getAttribute('data-verdict')).toBe('pending');
  });

  it('gives the recommendation a data-verdict that does not move with the figures (results.js announces only its changes)', () => {
    const verdictOf = (significant: boolean, absoluteLift: number) => {
      const c = comparison('on', 'off', { significant, absoluteLift });
      const doc = parseMain(okState(report({ experiments: [experimentResult(names, { recommendation: { population: 'exposed', comparison: c, headline: `Report this: ${absoluteLift}`, why: 'w' } })] })));
      return doc.querySelector('.recommendation')!.getAttribute('data-verdict');
    };
    expect(verdictOf(true, 0.02)).toBe('exposed:significant');
    expect(verdictOf(true, 0.03)).toBe('exposed:significant');
    expect(verdictOf(false, 0.001)).toBe('exposed:not-significant');
  });

  it('formats lift, intervals and p-values, with "–" for what is not a number', () => {
    const doc = parseMain(okState(report({
      experiments: [experimentResult(names, {
        exposed: population('off', 'on', {
          comparisons: [comparison('on', 'off', { absoluteLift: -0.0123, absoluteCi: [-0.02, -0.004], relativeLift: Number.NaN, relativeCi: [Number.NaN, Number.NaN], pValue: 0.0004 })],
        }),
      })],
    })));
    const cells = texts(doc, 'table')[1];
    expect(cells).toContain('−1.2');
    expect(cells).toContain('−2.0 to −0.4');
    expect(cells).toContain('< 0.001');
    const row = Array.from(doc.querySelectorAll('table')[1].querySelectorAll('tbody td'), (td) => td.textContent);
    expect(row).toEqual(['−1.2', '−2.0 to −0.4', '–', 'not available', '< 0.001']);
  });

  it('shows an interval with no data as "not available", never "0.00% to 100.00%" or "– to –"', () => {
    const none = [Number.NaN, Number.NaN] as [number, number];
    const empty = (variation: string, control = false) => arm(variation, { control, units: 0, converted: 0, rate: Number.NaN, rateCi: none, observedShare: Number.NaN });
    const doc = parseMain(okState(report({
      experiments: [experimentResult(names, {
        exposed: population('off', 'on', {
          arms: [empty('off', true), empty('on')],
          comparisons: [comparison('on', 'off', { absoluteLift: Number.NaN, absoluteCi: none, relativeLift: Number.NaN, relativeCi: none, pValue: Number.NaN, significant: false })],
        }),
      })],
      feedback: [{ item: 'tip', itemType: 'tooltip', answers: 0, yes: 0, share: Number.NaN, shareCi: none }],
    })));
    const cells = (table: Element) => Array.from(table.querySelectorAll('tbody tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent));
    const tables = doc.querySelectorAll('table');
    expect(cells(tables[0]).map((row) => row.at(-1))).toEqual(['not available', 'not available']);
    expect(cells(tables[1])).toEqual([['–', 'not available', '–', 'not available', '–']]);
    expect(cells(tables[tables.length - 1])[0].at(-1)).toBe('not available');
    expect(doc.body.textContent).not.toMatch(/0\.00% to 100\.00%|– to –/);
    // No arm has a unit: no conversion chart (an empty axis to 100% would suggest a scale there is not).
    expect(doc.querySelectorAll('svg title').length).toBe(1);
    expect(doc.querySelector('svg title')!.textContent).toMatch(/^Funnel of/);
  });
});

describe('renderMain: charts', () => {
  it('writes no NaN or Infinity into the SVG for arms and lifts without data', () => {
    const empty = arm('empty', { units: 0, converted: 0, rate: Number.NaN, rateCi: [Number.NaN, Number.NaN], observedShare: Number.NaN });
    const huge = arm('huge', { rate: Number.POSITIVE_INFINITY, rateCi: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] });
    const html = renderMain(okState(report({
      experiments: [experimentResult({ experiment: 'e', control: 'empty', treatment: 'huge', unit: 'user' }, {
        exposed: { available: true, arms: [empty, huge], comparisons: [comparison('huge', 'empty', { absoluteLift: Number.NaN, absoluteCi: [-0.5, Number.POSITIVE_INFINITY] })], srm: srm(), inProgressUnits: 0 },
      })],
      tours: [tour('t', { started: 0, completed: Number.NaN, completionRate: Number.NaN, steps: [{ step: 0, units: Number.NaN, dropOff: 0, dropOffRate: Number.NaN }] })],
    })));
    const doc = parse(`<body>${html}</body>`);
    for (const element of Array.from(doc.querySelectorAll('svg *'))) {
      for (const attribute of Array.from(element.attributes)) expect(attribute.value, `${element.localName}[${attribute.name}]`).not.toMatch(/NaN|Infinity/);
    }
    // A unit-less arm gets no whisker; the other arm gets three lines (the interval and its two ends).
    expect(doc.querySelectorAll('svg line.whisker')).toHaveLength(3 + 1);
  });

  it('keeps bars inside the chart for rates above the axis', () => {
    const doc = parse(`<body>${renderMain(okState(report({
      experiments: [experimentResult({ experiment: 'e', control: 'a', treatment: 'b', unit: 'user' }, {
        exposed: population('a', 'b', { arms: [arm('a', { control: true, rate: 1.7, rateCi: [0.9, 2] }), arm('b', { rate: -0.3, rateCi: [-1, 0] })] }),
      })],
    })))}</body>`);
    const widths = Array.from(doc.querySelectorAll('svg rect.bar'), (rect) => rect.getAttribute('width'));
    expect(widths.slice(0, 2)).toEqual(['100%', '0%']);
  });

  it('lays charts out in percentages with no viewBox, so their text is not scaled down on a phone', () => {
    const doc = parse(page(okState(report())));
    const svgs = Array.from(doc.querySelectorAll('svg'));
    expect(svgs.length).toBe(3); // conversion, lift, funnel
    for (const svg of svgs) {
      expect(svg.hasAttribute('viewBox')).toBe(false);
      expect(svg.getAttribute('width')).toBe('100%');
      // Across: percentages of the chart's width; down: pixels, as the text's size is.
      for (const element of Array.from(svg.querySelectorAll('rect, line, text, circle'))) {
        for (const name of ['x', 'x1', 'x2', 'cx', 'width']) {
          const value = element.getAttribute(name);
          if (value !== null) expect(value, `${element.localName}[${name}]`).toMatch(/^(0|-?\d+(\.\d+)?%)$/);
        }
      }
    }
  });

  it('puts each table in a focusable scrolling region with a unique name', () => {
    const doc = parse(page(okState(report({
      experiments: [experimentResult({ experiment: 'a', control: 'c', treatment: 't', unit: 'user' }, { intentToTreat: population('c', 't') }), experimentResult({ experiment: 'b', control: 'c', treatment: 't', unit: 'user' })],
    }))));
    const tables = Array.from(doc.querySelectorAll('table'));
    expect(tables.length).toBe(8); // a: 2 + 2, b: 2, one tour, feedback
    const names = tables.map((table) => {
      const region = table.parentElement!;
      expect(region.getAttribute('role')).toBe('region');
      expect(region.getAttribute('tabindex')).toBe('0');
      return region.getAttribute('aria-label');
    });
    expect(names.every((name) => name && name.length > 0)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every chart its own ids, and points aria-labelledby at them', () => {
    const doc = parse(page(okState(report({ experiments: [experimentResult({ experiment: 'a', control: 'c', treatment: 't', unit: 'user' }), experimentResult({ experiment: 'b', control: 'c', treatment: 't', unit: 'user' })] }))));
    const ids = Array.from(doc.querySelectorAll('[id]'), (e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const labelled = Array.from(doc.querySelectorAll('[aria-labelledby]'));
    expect(labelled.length).toBeGreaterThanOrEqual(7);
    for (const element of labelled) {
      for (const ref of element.getAttribute('aria-labelledby')!.split(' ')) expect(doc.getElementById(ref), ref).not.toBeNull();
    }
  });

  it('draws the funnel bars in proportion to the started units, and completions last', () => {
    const doc = parse(`<body>${renderMain(okState(report({ experiments: [], tours: [tour('t')] })))}</body>`);
    const bars = Array.from(doc.querySelectorAll('svg rect'), (r) => [r.getAttribute('class'), r.getAttribute('width')]);
    expect(bars).toEqual([['bar bar-step', '100%'], ['bar bar-step', '70%'], ['bar bar-done', '40%']]);
    expect(texts(doc, 'svg text.label')).toEqual(['Step 1', 'Step 2', 'Completed']);
    expect(texts(doc, 'svg text.value')).toEqual(['100', '70', '40']);
  });
});

describe('renderPage', () => {
  it('is a whole document with the stylesheet, the deferred script and the status line', () => {
    const doc = parse(page(okState(report(), { version: 'abc|{"goal":"x"}' })));
    expect(doc.documentElement.getAttribute('lang')).toBe('en');
    expect(doc.querySelector('link[rel="stylesheet"]')!.getAttribute('href')).toBe('/results.css');
    expect(doc.querySelector('script')!.hasAttribute('defer')).toBe(true);
    // The live region starts empty: results.js speaks there only when a verdict changes; the
    // time of the last update is plain text beside it, not read out on every refresh.
    const status = doc.getElementById('results-status')!;
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toBe('');
    expect(doc.getElementById('results-updated')!.textContent).toBe('Updated 12:34:56 UTC.');
    expect(doc.getElementById('results-updated')!.closest('[role], [aria-live]')).toBeNull();
    expect(doc.getElementById('results-mode')!.textContent).toBe('Refreshes as events arrive.');
    // The pause toggle works only with the script: hidden until results.js shows it.
    const pause = doc.getElementById('results-pause')!;
    expect([pause.localName, pause.getAttribute('type'), pause.getAttribute('aria-pressed'), pause.hasAttribute('hidden'), pause.textContent]).toEqual(['button', 'button', 'false', true, 'Pause updates']);
    const main = doc.getElementById('results')!;
    expect(main.localName).toBe('main');
    expect(main.getAttribute('data-version')).toBe('abc|{"goal":"x"}');
  });

  it('has no inline style or script anywhere (the page runs under a strict CSP)', () => {
    const doc = parse(page(okState(report())));
    expect(doc.querySelectorAll('style')).toHaveLength(0);
    expect(doc.querySelectorAll('[style]')).toHaveLength(0);
    for (const script of Array.from(doc.querySelectorAll('script'))) expect(script.textContent).toBe('');
  });
});

describe('renderPage: the footer names the command that gives the same numbers', () => {
  it('shows the command it is given, escaped, instead of a fixed data/events.ndjson', () => {
    const command = `npx guidepost analyze '/srv/<b>x</b> & "y"/events.ndjson' --goal 'a'\''b'`;
    const html = renderPage(okState(report()), command);
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('data/events.ndjson');
    const doc = parse(html);
    expect(doc.querySelector('footer code.command')!.textContent).toBe(command);
    expectNoInjectedMarkup(doc);
  });
});

describe('renderMain: the hygiene notes of the text report', () => {
  it('says how many rows were stamped in the future and left out, as the text report does; nothing when none', () => {
    const withFuture = (futureRows: number) => parseMain(okState(report({ hygiene: { rowsRead: 10, unusableRows: futureRows, zonelessRows: 0, duplicateRowsDropped: 0, events: 10 - futureRows, futureRows } })));
    expect(withFuture(3).querySelector('.future-rows')!.textContent).toBe(futureRowsNote(3));
    expect(withFuture(1).querySelector('.future-rows')!.textContent).toMatch(/^1 row is stamped more than an hour after the time of this analysis/);
    expect(parseMain(okState(report())).querySelector('.future-rows')).toBeNull();
  });

  it('says how many step numbers of a tour are not listed, under that tour, as the text report does', () => {
    const doc = parseMain(okState(report({ tours: [tour(hostile('tour'), { stepsNotListed: 2 }), tour('other')] })));
    expect(texts(doc, '.steps-not-listed')).toEqual([stepsNotListedNote(2)]);
    expect(texts(doc, '.steps-not-listed')[0]).toBe('2 more step numbers from 101 on not listed: no tour has that many steps (junk in the logs?).');
    // Under its own tour: the note follows that tour's table, before the next tour's heading.
    const note = doc.querySelector('.steps-not-listed')!;
    expect(note.previousElementSibling!.querySelector('caption')!.textContent).toBe(`Steps of ${hostile('tour')} v2`);
  });

  it('heads the drop-off column by the step people left on ("Left here"), not "Dropped after"', () => {
    const doc = parseMain(okState(report()));
    const headers = Array.from(doc.querySelectorAll('section[aria-labelledby="tours-heading"] thead th'), (th) => th.textContent);
    expect(headers).toEqual(['Step', 'Reached', 'Of started', 'Left here', 'Drop-off']);
  });
});

describe('an experiment section is labelled by its heading, whatever the key (spaces included)', () => {
  // Experiment keys come from collected events (any string): an id built from one, such as
  // "exp-a b-0", would make aria-labelledby name two ids that do not exist.
  it('labels each experiment section by its heading, whatever the key', () => {
    const doc = parse(page(okState(report({ experiments: [experimentResult({ experiment: 'new onboarding', control: 'c', treatment: 't', unit: 'user' })] }))));
    const section = doc.querySelector('section.experiment')!;
    const refs = section.getAttribute('aria-labelledby')!.split(/\s+/);
    expect(refs).toHaveLength(1);
    expect(doc.getElementById(refs[0])?.textContent).toBe('Experiment new onboarding');
  });
});

describe('names read on their own: right-to-left text and bidirectional controls never reorder the numbers beside them', () => {
  const rlo = '\u202eevil';
  const hebrew = '\u05e9\u05dc\u05d5\u05dd';
  // The report's sentences carry names as ./names.ts isolates them: between FSI and PDI.
  const isolatedName = (name: string) => `\u2068${name.replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}\u2069`;
  const names = { experiment: hebrew, control: 'ctl', treatment: rlo, unit: hebrew };
  const state = okState(report({
    goal: hebrew,
    experiments: [experimentResult(names, {
      exposed: population('ctl', rlo, { comparisons: [comparison(rlo, 'ctl', { summary: `${isolatedName(rlo)} vs ctl: +1.5 points (95% CI +0.2 to +2.8), p = 0.021` })] }),
      notes: [`The control "${isolatedName(hebrew)}" has no exposed units.`],
    })],
    tours: [tour(hebrew, { dismissals: [{ origin: rlo, units: 3, events: 3 }] })],
    feedback: [{ item: rlo, itemType: hebrew, answers: 2, yes: 1, share: 0.5, shareCi: [0.1, 0.9] }],
  }));
  const html = renderMain(state);
  const doc = parseMain(state);
  const bdis = texts(doc, 'bdi');

  it('puts every name in a <bdi>: headings, tables, tags, the goal, tours and items', () => {
    expect(doc.querySelector('section.experiment h2 bdi')!.textContent).toBe(hebrew);
    expect(texts(doc, 'tbody th[scope="row"] bdi').slice(0, 3)).toEqual(['ctl', '\\u202eevil', '\\u202eevil']);
    expect(doc.querySelector('main > p.muted strong bdi')!.textContent).toBe(hebrew);
    expect(texts(doc, 'section.experiment > p.muted').find((t) => t.startsWith('Unit:'))).toBe(`Unit: ${hebrew} · bucket version 0 · control: ctl`);
    expect(doc.querySelectorAll('section.experiment > p.muted')[0].querySelectorAll('bdi')).toHaveLength(2);
    expect(doc.querySelector('section[aria-labelledby="tours-heading"] h3 bdi')!.textContent).toBe(hebrew);
    expect(doc.querySelector('section[aria-labelledby="feedback-heading"] tbody td bdi')!.textContent).toBe(hebrew);
    expect(bdis).toContain('\\u202eevil');
  });

  it('turns the isolated names inside the report\'s sentences into <bdi> elements', () => {
    const summary = doc.querySelector('ul.summary li')!;
    expect(summary.querySelector('bdi')!.textContent).toBe('\\u202eevil');
    expect(summary.textContent).toBe('\\u202eevil vs ctl: +1.5 points (95% CI +0.2 to +2.8), p = 0.021');
    const note = texts(doc, 'section.experiment p.muted').find((t) => t.startsWith('The control'));
    expect(note).toBe(`The control "${hebrew}" has no exposed units.`);
  });

  it('leaves no raw override, embedding, isolate initiator or mark in the page; a name cannot close its own <bdi>', () => {
    expect(html).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066\u2067]/);
    // FSI/PDI only where a name sits in plain text (chart descriptions, region names), in pairs.
    expect((html.match(/\u2068/g) ?? []).length).toBe((html.match(/\u2069/g) ?? []).length);
    const escaping = renderMain(okState(report({ experiments: [experimentResult({ ...names, treatment: '\u2069\u202eout' })] })));
    expect(escaping).toContain('<bdi>\\u2069\\u202eout</bdi>');
  });
});

describe('Holm-adjusted p-values with more than one comparison, as `guidepost analyze` shows them', () => {
  const names = { experiment: 'exp', control: 'a', treatment: 'b', unit: 'user' };
  const twoComparisons = population('a', 'b', {
    arms: [arm('a', { control: true }), arm('b'), arm('c')],
    comparisons: [comparison('b', 'a', { pValue: 0.012, adjustedPValue: 0.024 }), comparison('c', 'a', { pValue: 0.3, adjustedPValue: 0.3 })],
  });
  const liftTable = (p: PopulationResult) => parseMain(okState(report({ experiments: [experimentResult(names, { exposed: p })] }))).querySelectorAll('table')[1];

  it('adds a "Holm-adjusted p" column beside the p-value (it decides what is significant)', () => {
    const table = liftTable(twoComparisons);
    expect(Array.from(table.querySelectorAll('thead th'), (th) => th.textContent)).toEqual(['Variation', 'Lift (points)', '95% CI', 'Relative', '95% CI (log ratio)', 'p-value', 'Holm-adjusted p']);
    expect(Array.from(table.querySelectorAll('tbody tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent).slice(-2))).toEqual([['0.012', '0.024'], ['0.300', '0.300']]);
  });

  it('has no such column with one comparison, where the adjusted p is the p-value', () => {
    expect(Array.from(liftTable(population('a', 'b')).querySelectorAll('thead th'), (th) => th.textContent)).not.toContain('Holm-adjusted p');
  });

  it('prints a p-value near 0.05 on its side of 0.05, as the text report does', () => {
    const table = liftTable(population('a', 'b', { comparisons: [comparison('b', 'a', { pValue: 0.0498 })] }));
    expect(Array.from(table.querySelectorAll('tbody td'), (td) => td.textContent).at(-1)).toBe('0.0498');
  });
});

describe('renderMain: unusable rows, as `guidepost analyze` warns of them', () => {
  const hygiene = { rowsRead: 43, unusableRows: 3, zonelessRows: 0, duplicateRowsDropped: 0, events: 40 };
  it('says how many and where the first are, naming the lines that are not UTF-8', () => {
    const doc = parseMain(okState(report({ hygiene: { ...hygiene, unusableLines: [{ file: 'events.ndjson', lines: [21, 22, 23], notUtf8: [23] }] } })));
    expect(doc.querySelector('.unusable-rows')!.textContent).toBe('3 unusable rows (no event_id or timestamp, or not UTF-8) skipped. Unusable rows skipped: events.ndjson lines 21, 22, 23 (line 23 not UTF-8).');
    const more = parseMain(okState(report({ hygiene: { ...hygiene, unusableRows: 9, unusableLines: [{ file: 'events.ndjson', lines: [2] }] } })));
    expect(more.querySelector('.unusable-rows')!.textContent).toBe('9 unusable rows (no event_id or timestamp) skipped. Unusable rows skipped: events.ndjson line 2 (the first ones).');
  });

  it('says nothing when the only rows left out are zone-less or from the future (they have notes of their own)', () => {
    expect(parseMain(okState(report())).querySelector('.unusable-rows')).toBeNull();
    expect(parseMain(okState(report({ hygiene: { ...hygiene, unusableRows: 3, zonelessRows: 2, futureRows: 1 } }))).querySelector('.unusable-rows')).toBeNull();
  });
});

describe('renderMain: an --experiment or --control that names nothing', () => {
  it('shows the message with the names there are, each isolated', () => {
    const doc = parseMain({ status: 'error', version: 'v', generatedAt: '2026-01-31T00:00:00.000Z', message: 'no experiment named exp_2 in the events; the experiments in them are exp2, \u2068\u05e9\u05dc\u05d5\u05dd\u2069 — did you mean exp2?' });
    expect(doc.querySelector('section.notice.alert p')!.textContent).toBe('no experiment named exp_2 in the events; the experiments in them are exp2, \u05e9\u05dc\u05d5\u05dd — did you mean exp2?');
    expect(texts(doc, 'section.notice.alert p bdi')).toEqual(['\u05e9\u05dc\u05d5\u05dd']);
  });
});
