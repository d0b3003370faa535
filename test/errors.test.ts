/**
 * The reporter hands onError the SDK's own GuidepostError: also for errors made by the two-file
 * IIFE's UI file, which carries its own copy of the class.
 */
import { describe, expect, it } from 'vitest';
import { createReporter, GuidepostError } from '../src/errors';

/** What the UI file's copy of the class looks like from the core: same name and fields, another class. */
class OtherCopy extends Error {
  override readonly name = 'GuidepostError';
  constructor(readonly code: string, message: string, readonly problem?: unknown) {
    super(message);
  }
}

describe('createReporter', () => {
  const reported = (error: Error) => {
    const seen: GuidepostError[] = [];
    createReporter((e) => seen.push(e))(error);
    return seen[0];
  };

  it("keeps the code and problem of another copy's GuidepostError, as this copy's class", () => {
    const problem = { code: 'unsafe-url', message: 'm', path: 'items[0].url', severity: 'warning' };
    const error = reported(new OtherCopy('target', 'item "tip": its target #x is not on this page', problem));
    expect(error).toBeInstanceOf(GuidepostError);
    expect(error).toMatchObject({ code: 'target', message: 'item "tip": its target #x is not on this page', problem });
  });

  it('reports anything else, and a code it does not know, as internal', () => {
    expect(reported(new TypeError('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    expect(reported(new OtherCopy('made-up', 'odd'))).toMatchObject({ code: 'internal', message: 'odd' });
  });
});
