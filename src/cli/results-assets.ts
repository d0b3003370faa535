/**
 * The results page's script and stylesheet, served as files (/results.js, /results.css)
 * because the page's Content-Security-Policy allows no inline script or style.
 */

/**
 * Polls /results.json every few seconds; when the data's version changed, fetches the page
 * again and swaps in its <main> (the server renders everything, so there is one renderer).
 * The status line is a polite live region: screen readers hear "Updated ..." once per change.
 * `?refresh=<ms>` is clamped to 250 ms .. 1 hour: a tiny or negative value would poll without
 * pause, and one past setTimeout's 2^31-1 ms limit would fire at once. A page fetched without
 * <main id="results"> (an error page, a proxy's) is not the new version: it is retried.
 */
export const RESULTS_JS = `// guidepost results page: refresh as events arrive.
(() => {
  const status = document.getElementById('results-status');
  const main = document.getElementById('results');
  if (!status || !main) return;
  const asked = Number(new URLSearchParams(location.search).get('refresh'));
  const every = asked > 0 ? Math.min(Math.max(asked, 250), 3600000) : 3000;
  let version = status.dataset.version;
  const stamp = () => new Date().toLocaleTimeString('en-GB', { timeZone: 'UTC' });
  async function poll() {
    try {
      const response = await fetch('/results.json' + location.search, { cache: 'no-store' });
      const data = await response.json();
      if (data.version !== version) {
        const html = await (await fetch('/results' + location.search, { cache: 'no-store' })).text();
        const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('results');
        if (!fresh) throw new Error('the new page had no results');
        main.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
        version = data.version;
        status.dataset.version = version;
        status.textContent = 'Updated ' + stamp() + ' UTC. Refreshes as events arrive.';
      }
    } catch (error) {
      status.textContent = 'Could not refresh (' + (error && error.message ? error.message : 'network error') + '); retrying.';
    }
    setTimeout(poll, every);
  }
  setTimeout(poll, every);
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
figure.chart { margin: .5rem 0 1rem; max-width: 40rem; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg .tick { fill: var(--muted); }
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
.notice { padding: .75rem 1rem; border-left: 4px solid var(--treatment); background: #f2f7fd; margin: 1.5rem 0; }
.summary { padding-left: 1.25rem; }
.checks { padding-left: 1.25rem; }
.check-fail strong { color: var(--alert); }
.check-warn strong { color: #7d4e00; }
.check-pass strong { color: var(--ok); }
.recommendation { margin: 1rem 0; }
pre { background: #f6f8fa; padding: .5rem .75rem; overflow-x: auto; }
footer { padding: 2rem 1.25rem; font-size: .9rem; }
`;
