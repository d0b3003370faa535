/**
 * The browser side of `guidepost check`: finds a Chromium, loads playwright-core (an optional
 * peer dependency, imported only when `check` runs), opens each route, waits for the page to
 * settle and runs the probe from check-page.ts.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { HELP_VALUES_SOURCE, PROBE_SOURCE, type ProbeInput, type ProbeResult } from './check-page';

/** A problem with the machine rather than the manifest: reported with exit code 2. */
export class CheckSetupError extends Error {}

/** Debian's binary first: /usr/bin/chromium is a wrapper script that prints noise. */
export const CHROMIUM_CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** --chromium, else $CHROMIUM_PATH, else the first Debian/Ubuntu location that exists. */
export function findChromium(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string {
  if (flag) {
    if (!exists(flag)) throw new CheckSetupError(`--chromium ${flag}: no such file`);
    return flag;
  }
  if (env.CHROMIUM_PATH) {
    if (!exists(env.CHROMIUM_PATH)) throw new CheckSetupError(`CHROMIUM_PATH=${env.CHROMIUM_PATH}: no such file`);
    return env.CHROMIUM_PATH;
  }
  const found = CHROMIUM_CANDIDATES.find((path) => exists(path));
  if (!found) {
    throw new CheckSetupError(
      `no Chromium found (looked in ${CHROMIUM_CANDIDATES.join(', ')}). Install it (Debian/Ubuntu: "apt-get install -y chromium"), ` +
        'or pass --chromium <path> or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return found;
}

export type Playwright = typeof import('playwright-core');

export const PLAYWRIGHT_HINT =
  'playwright-core is not installed. check drives a real Chromium through it; it is an optional peer dependency of guidepost.\n' +
  'Install it next to guidepost:  npm install --save-dev playwright-core\n' +
  '(no browser download is needed: check uses the Chromium you have; see --chromium and CHROMIUM_PATH)';

/** Imported on demand so `validate` and `serve` work without it. */
export async function loadPlaywright(importer: () => Promise<Playwright> = () => import('playwright-core')): Promise<Playwright> {
  try {
    const module = await importer();
    // Through CommonJS interop the API may sit on `default`.
    return ((module as { chromium?: unknown }).chromium ? module : (module as unknown as { default: Playwright }).default);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message ?? '';
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package) ['"]?playwright-core/.test(message)) {
      throw new CheckSetupError(PLAYWRIGHT_HINT);
    }
    throw error;
  }
}

// Flags that keep headless Chromium quiet and offline on a CI machine (see docs/anchors.md).
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launch(playwright: Playwright, executablePath: string, timeoutMs: number): Promise<Browser> {
  try {
    return await playwright.chromium.launch({ executablePath, headless: true, args: ARGS, timeout: Math.max(timeoutMs, 30_000) });
  } catch (error) {
    throw new CheckSetupError(`cannot start Chromium at ${executablePath}: ${(error as Error).message.split('\n')[0]}`);
  }
}

export interface RouteVisit {
  route: string;
  url: string;
  /** HTTP status of the document, when there was a response. */
  status?: number;
  /** Why the page could not be checked; every target on it then counts as broken. */
  error?: string;
  /**
   * How the page was judged ready: every target it needs appeared (the app's own signal),
   * or, when some never did, its reads went quiet; or the time budget ran out first.
   */
  settled?: 'targets' | 'network-idle' | 'timeout';
  /** When a target is missing: the `data-help` values the page does have, for "did you mean". */
  helpValues?: string[];
  /** Uncaught errors of the page, which often explain a missing element. */
  pageErrors: string[];
  results: ProbeResult[];
}

/** How long to keep polling for targets that are still missing once the page settled. */
const LATE_TARGET_GRACE_MS = 1000;

/**
 * Opens `url`, waits for load, then until every target is there (most pages: at once) or, for
 * targets that never appear, until the network has been quiet and a short grace has passed,
 * all within `timeoutMs`; then probes every target. Waiting for network silence first made
 * every route cost at least half a second more, and apps that poll never fell silent at all.
 */
export async function visitRoute(browser: Browser, route: string, url: string, input: ProbeInput, timeoutMs: number): Promise<RouteVisit> {
  const visit: RouteVisit = { route, url, pageErrors: [], results: [] };
  const deadline = Date.now() + timeoutMs;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      if (visit.pageErrors.length < 5) visit.pageErrors.push(error.message.split('\n')[0]);
    });
    const pending = trackReads(page);
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    } catch (error) {
      visit.error = `cannot open ${url}: ${(error as Error).message.split('\n')[0]}`;
      return visit;
    }
    visit.status = response?.status();
    if (visit.status !== undefined && visit.status >= 400) {
      visit.error = `${url} answered HTTP ${visit.status}`;
      return visit;
    }
    const probe = (countOnly: boolean) => page.evaluate(`(${PROBE_SOURCE})(${JSON.stringify({ ...input, countOnly })})`) as Promise<ProbeResult[]>;
    const allThere = async () => !(await probe(true)).some((r) => r.matched < 0);
    visit.settled = await ready(page, pending, deadline, allThere);
    await settleFrames(page);
    visit.results = await probe(false);
    if (visit.results.some((r) => r.matched < 0)) visit.helpValues = (await page.evaluate(`(${HELP_VALUES_SOURCE})()`)) as string[];
    return visit;
  } catch (error) {
    visit.error = `checking ${url} failed: ${(error as Error).message.split('\n')[0]}`;
    return visit;
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * Requests that can still change what the page shows. Playwright's own "networkidle" also
 * waits for analytics POSTs, and Chromium never reports a keepalive fetch or a beacon as
 * finished to it, so a page that sends events (Guidepost's own collector calls included)
 * would never count as idle. Only reads count here: GET requests that are not beacons,
 * event streams or media.
 */
function trackReads(page: Page): Set<unknown> {
  const pending = new Set<unknown>();
  const ignored = new Set(['ping', 'eventsource', 'websocket', 'media']);
  page.on('request', (request) => {
    if (request.method() === 'GET' && !ignored.has(request.resourceType())) pending.add(request);
  });
  const done = (request: unknown) => pending.delete(request);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return pending;
}

/**
 * When the page is ready to probe: as soon as every target is there; else once no read has
 * been in flight for IDLE_MS (as Playwright defines network idle) and late targets have had
 * LATE_TARGET_GRACE_MS more; else at the deadline.
 */
async function ready(page: Page, pending: Set<unknown>, deadline: number, allThere: () => Promise<boolean>): Promise<RouteVisit['settled']> {
  let idleSince = Date.now();
  while (Date.now() < deadline) {
    if (await allThere()) return 'targets';
    if (pending.size) idleSince = Date.now();
    else if (Date.now() - idleSince >= IDLE_MS + LATE_TARGET_GRACE_MS) return 'network-idle';
    await page.waitForTimeout(50);
  }
  return 'timeout';
}

const IDLE_MS = 500;

/** Two animation frames: work scheduled by the app's last response has rendered. */
async function settleFrames(page: Page): Promise<void> {
  // The timer bounds the wait in a page whose frames are throttled.
  await page.evaluate('new Promise((done) => { setTimeout(done, 500); requestAnimationFrame(() => requestAnimationFrame(() => done())); })').catch(() => {});
}
