/**
 * src/version.ts: SDK_VERSION is the package's version (package.json and its lock file), a plain
 * semantic version, and the very value the package's entry re-exports: events, compiled
 * manifests and the IIFE's split files all compare against it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SDK_VERSION } from '../src/version';
import * as sdk from '../src/index';

const ROOT = join(__dirname, '..');
const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { version: string; packages?: Record<string, { version?: string }> };

describe('SDK_VERSION', () => {
  it('is the version package.json publishes', () => {
    expect(SDK_VERSION).toBe(json('package.json').version);
  });

  it('is the version the lock file records for the package itself', () => {
    const lock = json('package-lock.json');
    expect(lock.version).toBe(SDK_VERSION);
    expect(lock.packages?.['']?.version).toBe(SDK_VERSION);
  });

  it('is a plain semantic version (major.minor.patch, optionally a pre-release)', () => {
    expect(SDK_VERSION).toMatch(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/);
  });

  it('is what the package entry exports', () => {
    expect(sdk.SDK_VERSION).toBe(SDK_VERSION);
  });
});
