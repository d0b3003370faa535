/** Errors the SDK reports to `onError`. It never throws them into the host page. */
import type { ManifestProblem } from './manifest/problems';

export type GuidepostErrorCode = 'manifest' | 'manifest-load' | 'storage' | 'delivery' | 'target' | 'internal';

export class GuidepostError extends Error {
  declare readonly name: 'GuidepostError';
  constructor(
    readonly code: GuidepostErrorCode,
    message: string,
    /** For `manifest` errors: the problem in the content writers' terms. */
    readonly problem?: ManifestProblem,
    /** What was thrown, when it came from the host's own code (a listener, a sink): its stack. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
nameErrors(GuidepostError, 'GuidepostError');

/**
 * Gives an error class its `name` on its prototype, defined: `this.name = …` (a class field
 * compiled for ES2020) throws where Error.prototype is frozen (a hardened page, SES), so every
 * report would have thrown into the host instead.
 */
export function nameErrors(type: { prototype: Error }, name: string): void {
  Object.defineProperty(type.prototype, 'name', { value: name, configurable: true, writable: true });
}

/** An Error named `name` (a `TimeoutError`), named by definition for the same reason as nameErrors. */
export const namedError = (message: string, name: string): Error => Object.defineProperty(new Error(message), 'name', { value: name, configurable: true, writable: true });

/**
 * An error thrown by the host's own error handler, raised where the host sees its own errors
 * (the window's `error` event and the console, through `reportError`) without unwinding the
 * SDK's call; outside a browser, logged. Swallowing it would hide the host's bug.
 */
export function raiseHostError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  try {
    if (typeof report === 'function') return report(error);
  } catch {
    // Fall through to the console.
  }
  if (typeof console !== 'undefined') console.error('[guidepost] the onError handler threw:', error);
}

const CODES: readonly string[] = ['manifest', 'manifest-load', 'storage', 'delivery', 'target', 'internal'] satisfies GuidepostErrorCode[];

/**
 * The error as this file's GuidepostError: the two-file IIFE's UI file has its own copy of the
 * class, so its errors are recognised by name and code and re-made here (hosts test
 * `instanceof Guidepost.GuidepostError`). Anything else is an internal error.
 */
function asGuidepostError(error: Error | GuidepostError): GuidepostError {
  if (error instanceof GuidepostError) return error;
  const { name, code, problem } = error as Partial<GuidepostError>;
  if (name === 'GuidepostError' && typeof code === 'string' && CODES.includes(code)) return new GuidepostError(code, error.message, problem);
  return new GuidepostError('internal', error.message);
}

/** Wraps `onError` so a throwing handler cannot break the SDK, and logs once per message without one. */
export function createReporter(onError?: (error: GuidepostError) => void): (error: Error | GuidepostError) => void {
  const logged = new Set<string>();
  return (error) => {
    const wrapped = asGuidepostError(error);
    if (onError) {
      try {
        onError(wrapped);
      } catch (thrown) {
        // Not into the SDK's caller (the host page's call stack), nor swallowed: the host's bug.
        raiseHostError(thrown);
      }
      return;
    }
    if (!logged.has(wrapped.message) && typeof console !== 'undefined') {
      logged.add(wrapped.message);
      console.warn(`[guidepost] ${wrapped.message}`);
    }
  };
}
