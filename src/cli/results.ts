/**
 * GET /results, /results.json, /results.js and /results.css for `guidepost serve`: the
 * analysis of the collector's events file, recomputed when the file changes (at most every
 * two seconds, and kept for the 16 most recently asked settings), as a server-rendered page
 * that polls /results.json and swaps in the fresh page when the data changed. Query
 * parameters: goal, window, experiment, control, mde, weights (0.5,0.5), as-of (ISO time with
 * zone), include-in-progress (1).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stat } from 'node:fs/promises';
import { DuckDbMissingError, DUCKDB_MISSING_MESSAGE } from '../analysis/duckdb';
import { analyzeFiles, parseWindow, type AnalyzeSettings } from './analyze';
import { analyzeCommandLine } from './results-command';
import { renderPage, type ResultsState } from './results-html';
import { RESULTS_CSS, RESULTS_JS } from './results-assets';

/** The page allows only its own script and stylesheet: no inline code at all. */
export const RESULTS_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MIN_INTERVAL_MS = 2000;

export interface ResultsHandlerOptions {
  /** Runs the analysis (a test passes a counting fake). @default analyzeFiles */
  analyze?: typeof analyzeFiles;
  /**
   * Analyses kept, one per distinct set of settings, least recently used dropped first: the
   * settings come from the query, so without a bound a client varying them grows memory forever.
   * @default 16
   */
  cacheSize?: number;
  /**
   * Analyses run at once, for different settings (the same settings share one run): each reads the
   * whole events file with DuckDB, so a client varying the query must not start as many as it asks;
   * the others wait their turn.
   * @default 2
   */
  maxConcurrent?: number;
}

export interface ResultsHandler {
  /** Handles the request when it is for the results page; returns false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

function settingsFrom(params: URLSearchParams): AnalyzeSettings {
  const mde = Number(params.get('mde'));
  let windowMs = 28 * 86_400_000;
  try {
    if (params.get('window')) windowMs = parseWindow(params.get('window') as string);
  } catch {
    // An unreadable window keeps the default rather than breaking the page.
  }
  // Unreadable values keep their defaults, as the window does: the page never breaks on a typo.
  const parts = (params.get('weights') ?? '').split(',').map(Number);
  const weights = parts.length >= 2 && parts.every((w) => w > 0) ? parts.map((w) => w / parts.reduce((a, b) => a + b, 0)) : undefined;
  const asOfText = params.get('as-of') ?? '';
  const asOf = /(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(asOfText) ? Date.parse(asOfText) : NaN;
  return {
    goal: params.get('goal') || 'upgraded',
    windowMs,
    mde: mde > 0 && mde < 1 ? mde : 0.02,
    ...(params.get('experiment') && { experiment: params.get('experiment') as string }),
    ...(params.get('control') && { control: params.get('control') as string }),
    ...(weights && { weights }),
    ...(Number.isFinite(asOf) && { asOfMs: asOf }),
    ...(params.get('include-in-progress') === '1' && { includeInProgress: true }),
  };
}

/** Runs at most `limit` tasks at once; the others wait, first come first served. */
function createTurns(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= Math.max(1, limit)) await new Promise<void>((resolve) => waiting.push(resolve));
      else running++;
      try {
        return await task();
      } finally {
        // The turn passes to the next waiting task directly (running stays counted), else frees up.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}

export function createResultsHandler(eventsFile: string, options: ResultsHandlerOptions = {}): ResultsHandler {
  const { analyze = analyzeFiles, cacheSize = 16, maxConcurrent = 2 } = options;
  const turns = createTurns(maxConcurrent);
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const cache = new Map<string, { fileKey: string; at: number; state: ResultsState }>();
  const remember = (key: string, entry: { fileKey: string; at: number; state: ResultsState }) => {
    cache.delete(key);
    cache.set(key, entry);
    while (cache.size > Math.max(1, cacheSize)) cache.delete(cache.keys().next().value as string);
  };
  const pending = new Map<string, Promise<ResultsState>>();

  async function compute(settings: AnalyzeSettings, fileKey: string): Promise<ResultsState> {
    const generatedAt = new Date().toISOString();
    const version = `${fileKey}|${JSON.stringify(settings)}`;
    if (fileKey === 'none') return { status: 'no-events', version, generatedAt, message: `No events yet: the collector writes them to ${eventsFile} as the app sends them.` };
    try {
      const { timings: _t, ...report } = await turns.run(() => analyze([eventsFile], settings));
      return { status: 'ok', version, generatedAt, report };
    } catch (error) {
      if (error instanceof DuckDbMissingError) return { status: 'duckdb-missing', version, generatedAt, message: DUCKDB_MISSING_MESSAGE };
      return { status: 'error', version, generatedAt, message: (error as Error).message };
    }
  }

  async function current(params: URLSearchParams): Promise<ResultsState> {
    const settings = settingsFrom(params);
    const key = JSON.stringify(settings);
    let fileKey = 'none';
    try {
      const info = await stat(eventsFile);
      fileKey = `${info.size}-${info.mtimeMs}`;
    } catch {
      // No events file yet.
    }
    const cached = cache.get(key);
    if (cached && (cached.fileKey === fileKey || Date.now() - cached.at < MIN_INTERVAL_MS)) {
      remember(key, cached);
      return cached.state;
    }
    let running = pending.get(key);
    if (!running) {
      running = compute(settings, fileKey).then((state) => {
        remember(key, { fileKey, at: Date.now(), state });
        pending.delete(key);
        return state;
      });
      pending.set(key, running);
    }
    return running;
  }

  const send = (res: ServerResponse, type: string, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
    res.end(body);
  };

  return {
    async handle(req, res, url) {
      if (!['/results', '/results/', '/results.json', '/results.js', '/results.css'].includes(url.pathname)) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' });
        res.end('method not allowed');
        return true;
      }
      if (url.pathname === '/results.js') send(res, 'text/javascript; charset=utf-8', RESULTS_JS);
      else if (url.pathname === '/results.css') send(res, 'text/css; charset=utf-8', RESULTS_CSS);
      else if (url.pathname === '/results.json') {
        const state = await current(url.searchParams);
        send(res, 'application/json; charset=utf-8', JSON.stringify(state, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
      } else {
        // The footer names this events file and these settings: the command that gives the same numbers.
        const command = analyzeCommandLine(eventsFile, settingsFrom(url.searchParams));
        send(res, 'text/html; charset=utf-8', renderPage(await current(url.searchParams), command), { 'content-security-policy': RESULTS_CSP });
      }
      return true;
    },
  };
}
