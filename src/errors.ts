/** Errors the SDK reports to `onError`. It never throws them into the host page. */
import type { ManifestProblem } from './manifest/problems';

export type GuidepostErrorCode = 'manifest' | 'manifest-load' | 'storage' | 'delivery' | 'target' | 'internal';

export class GuidepostError extends Error {
  override readonly name = 'GuidepostError';
  constructor(
    readonly code: GuidepostErrorCode,
    message: string,
    /** For `manifest` errors: the problem in the content writers' terms. */
    readonly problem?: ManifestProblem,
  ) {
    super(message);
  }
}

/** Wraps `onError` so a throwing handler cannot break the SDK, and logs once per message without one. */
export function createReporter(onError?: (error: GuidepostError) => void): (error: Error | GuidepostError) => void {
  const logged = new Set<string>();
  return (error) => {
    const wrapped = error instanceof GuidepostError ? error : new GuidepostError('internal', error.message);
    if (onError) {
      try {
        onError(wrapped);
      } catch {
        // A broken handler must not break the host page either.
      }
      return;
    }
    if (!logged.has(wrapped.message) && typeof console !== 'undefined') {
      logged.add(wrapped.message);
      console.warn(`[guidepost] ${wrapped.message}`);
    }
  };
}
