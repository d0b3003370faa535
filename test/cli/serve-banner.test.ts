/**
 * `guidepost serve` says what it serves: the demo without --root, the app's folder and where
 * the SDK is with --root (a page served this way loads it from /dist/).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index';
import { useTempDir } from '../support/cli-harness';

const tempDir = useTempDir('guidepost-serve-banner-');

/** Starts `serve` in-process, waits for its banner, then stops it as Ctrl+C would. */
async function banner(...argv: string[]): Promise<string[]> {
  const out: string[] = [];
  const done = main(['serve', '--port', '0', '--data', join(tempDir(), 'data'), ...argv], (line) => out.push(line), () => undefined);
  await vi.waitFor(() => expect(out.some((line) => line.startsWith('Press Ctrl+C'))).toBe(true), { timeout: 10_000 });
  process.emit('SIGINT');
  expect(await done).toBe(0);
  return out;
}

describe('guidepost serve', () => {
  it('names the demo when no --root is given', async () => {
    const out = await banner();
    expect(out[0]).toMatch(/^Guidepost demo: +http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('with --root, names the folder and the SDK path under /dist/, not "demo"', async () => {
    const app = join(tempDir(), 'myapp');
    await mkdir(app, { recursive: true });
    await writeFile(join(app, 'index.html'), '<!doctype html><title>My app</title>');
    const out = await banner('--root', app);
    expect(out.join('\n')).not.toContain('Guidepost demo');
    expect(out[0]).toContain(app);
    expect(out[1]).toMatch(/dist\/guidepost\.iife\.js/);
  });
});
