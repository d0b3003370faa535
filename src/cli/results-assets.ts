/**
 * The results page's script and stylesheet, served as files (/results.js, /results.css)
 * because the page's Content-Security-Policy allows no inline script or style.
 */

/**
 * Polls /results.json every few seconds; when the data's version changed, fetches the page
 * again and swaps in its <main> (the server renders everything, so there is one renderer).
 *
 * Like an accessible live dashboard, it stays out of the way while it refreshes:
 * - Focus stays where it was. A swap replaces the focused node, which would drop focus to
 *   <body>; the equivalent new element (same tag and id, aria-label, href or text; else the
 *   same place among the focusable elements; else <main>) is focused again without scrolling,
 *   and scroll regions keep their scroll position.
 * - The polite live region (#results-status) speaks only when a verdict changed (the number to
 *   report, or a check's status: data-verdict and data-status from the server), never for the
 *   figures moving with each event. The time of the last update is plain text beside it.
 *   A failure is said once, not on each retry, and cleared when a refresh works again.
 * - "Pause updates" (a toggle, WCAG 2.2.2) stops the polling; resuming checks at once.
 *
 * `?refresh=<ms>` is clamped to 250 ms .. 1 hour: a tiny or negative value would poll without
 * pause, and one past setTimeout's 2^31-1 ms limit would fire at once. A page fetched without
 * <main id="results"> (an error page, a proxy's) is not the new version: it is retried.
 */
export const RESULTS_JS = `// guidepost results page: refresh as events arrive.
(() => {
  const main = document.getElementById('results');
  const status = document.getElementById('results-status');
  const updated = document.getElementById('results-updated');
  const mode = document.getElementById('results-mode');
  const pause = document.getElementById('results-pause');
  if (!main || !status || !updated) return;
  const asked = Number(new URLSearchParams(location.search).get('refresh'));
  const every = asked > 0 ? Math.min(Math.max(asked, 250), 3600000) : 3000;
  let version = main.dataset.version;
  let timer = 0;
  let paused = false;
  let running = false;
  let failing = false;
  const stamp = () => new Date().toLocaleTimeString('en-GB', { timeZone: 'UTC' });
  // A live region set again to the same words may be read again: only new words are written.
  const say = (text) => {
    if (status.textContent !== text) status.textContent = text;
  };

  const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const keyOf = (el) => el.localName + '|' + (el.id || el.getAttribute('aria-label') || el.getAttribute('href') || el.textContent.trim());
  const focusables = (root) => Array.from(root.querySelectorAll(FOCUSABLE));
  /** Where an element is, in terms that survive a re-render: its key, and its place among its kind. */
  function place(el) {
    const all = focusables(main);
    const key = keyOf(el);
    return { key, nth: all.filter((other) => keyOf(other) === key).indexOf(el), index: all.indexOf(el), tag: el.localName };
  }
  function find(where) {
    const all = focusables(main);
    const same = all.filter((el) => keyOf(el) === where.key);
    const there = all[where.index];
    return same[where.nth] || same[0] || (there && there.localName === where.tag ? there : null);
  }
  /** Per experiment: what would change the reading of it (not its figures), and its headline. */
  function verdicts() {
    const found = new Map();
    for (const section of main.querySelectorAll('section.experiment')) {
      const heading = section.querySelector('h2');
      const verdict = section.querySelector('[data-verdict]');
      const checks = Array.from(section.querySelectorAll('[data-check]'), (c) => c.dataset.check + '=' + c.dataset.status).join(' ');
      found.set(heading ? heading.textContent : '', { key: (verdict ? verdict.dataset.verdict : '') + ' ' + checks, headline: verdict && verdict.querySelector('strong') ? verdict.querySelector('strong').textContent : '' });
    }
    return found;
  }

  function swap(fresh) {
    const active = document.activeElement;
    const focused = active && active !== main && main.contains(active) ? place(active) : null;
    const scrolled = Array.from(main.querySelectorAll('.table-scroll'), (el) => ({ where: place(el), left: el.scrollLeft, top: el.scrollTop })).filter((s) => s.left || s.top);
    const before = verdicts();
    main.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
    for (const s of scrolled) {
      const el = find(s.where);
      if (el) {
        el.scrollLeft = s.left;
        el.scrollTop = s.top;
      }
    }
    if (focused) {
      const target = find(focused) || main;
      if (target === main) main.tabIndex = -1;
      target.focus({ preventScroll: true });
    }
    const changed = [];
    for (const [name, now] of verdicts()) {
      const was = before.get(name);
      if (!was || was.key !== now.key) changed.push(name + ': ' + now.headline);
    }
    return changed;
  }

  async function poll() {
    running = true;
    try {
      const response = await fetch('/results.json' + location.search, { cache: 'no-store' });
      const data = await response.json();
      if (data.version !== version) {
        const html = await (await fetch('/results' + location.search, { cache: 'no-store' })).text();
        const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('results');
        if (!fresh) throw new Error('the new page had no results');
        if (paused) return;
        const changed = swap(fresh);
        version = data.version;
        main.dataset.version = version;
        updated.textContent = 'Updated ' + stamp() + ' UTC.';
        if (changed.length) say('Verdict changed. ' + changed.join(' '));
        else if (failing) say('');
      } else if (failing) say('');
      failing = false;
    } catch (error) {
      failing = true;
      say('Could not refresh (' + (error && error.message ? error.message : 'network error') + '); retrying.');
    } finally {
      running = false;
      if (!paused) timer = setTimeout(poll, every);
    }
  }
  if (pause) {
    pause.hidden = false;
    pause.addEventListener('click', () => {
      paused = !paused;
      pause.setAttribute('aria-pressed', String(paused));
      if (mode) mode.textContent = paused ? 'Updates paused.' : 'Refreshes as events arrive.';
      clearTimeout(timer);
      if (!paused && !running) poll();
    });
  }
  timer = setTimeout(poll, every);
})();
`;

export const RESULTS_CSS = `:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #d0d7de; --control: #8c959f; --treatment: #0b5cad; --done: #1a7f37; --alert: #a40e26; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header.top, main, footer { max-width: 60rem; margin: 0 auto; padding: 0 1.25rem; }
header.top { padding-top: 1.5rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .25rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.muted { color: var(--muted); }
.table-scroll { overflow-x: auto; margin: .5rem 0 1rem; }
.table-scroll:focus-visible { outline: 2px solid var(--treatment); outline-offset: 2px; }
.table-scroll table { margin: 0; }
main { overflow-wrap: break-word; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--line); text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { color: var(--muted); font-weight: 600; }
.tag { display: inline-block; font-size: .75rem; padding: 0 .4rem; border: 1px solid var(--line); border-radius: 999px; color: var(--muted); }
header.top .refresh { margin: .25rem 0; }
header.top button { font: inherit; font-size: .9rem; margin-left: .25rem; padding: .1rem .6rem; border: 1px solid var(--muted); border-radius: 4px; background: #fff; color: var(--ink); cursor: pointer; }
header.top button[aria-pressed="true"] { background: var(--ink); color: #fff; }
header.top button:focus-visible { outline: 2px solid var(--treatment); outline-offset: 2px; }
#results-status { margin: 0 0 .5rem; min-height: 1.5em; }
#results:focus { outline: none; }
figure.chart { margin: .5rem 0 1rem; max-width: 40rem; }
figure.chart svg { display: block; overflow: visible; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg .label, svg .value { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .tick { fill: var(--muted); }
@media (max-width: 32rem) { svg .tick.minor { display: none; } }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .zero { stroke: var(--ink); stroke-width: 1.5; }
svg .bar-control { fill: var(--control); }
svg .bar-treatment, svg .bar-step { fill: var(--treatment); }
svg .bar-done { fill: var(--done); }
svg .whisker { stroke: var(--ink); stroke-width: 2; }
svg .point { fill: var(--ink); }
svg .whisker.significant { stroke: var(--treatment); }
svg .point.significant { fill: var(--treatment); }
.verdict { padding: .5rem .75rem; border-left: 4px solid var(--ok); background: #f0faf2; }
.verdict.alert, .notice.alert { border-left-color: var(--alert); background: #fff0f0; }
.verdict.pending { border-left-color: var(--control); background: #f6f8fa; }
.notice { padding: .75rem 1rem; border-left: 4px solid var(--treatment); background: #f2f7fd; margin: 1.5rem 0; }
.summary { padding-left: 1.25rem; }
.checks { padding-left: 1.25rem; }
.check-fail strong { color: var(--alert); }
.check-warn strong { color: #7d4e00; }
.check-pass strong { color: var(--ok); }
.check-skipped strong { color: var(--muted); }
.recommendation { margin: 1rem 0; }
pre { background: #f6f8fa; padding: .5rem .75rem; overflow-x: auto; }
footer { padding: 2rem 1.25rem; font-size: .9rem; }
`;
