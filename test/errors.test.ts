/**
 * The reporter hands onError the SDK's own GuidepostError: also for errors made by the two-file
 * IIFE's UI file, which carries its own copy of the class.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('an onError handler that throws', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('is not thrown into the SDK\'s caller, nor swallowed: raised with reportError, where the page sees its errors', () => {
    const raised: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => raised.push(error));
    const bug = new Error('host onError bug');
    const report = createReporter(() => {
      throw bug;
    });
    expect(() => report(new Error('x'))).not.toThrow();
    expect(raised).toEqual([bug]);
  });

  it('without reportError (outside a browser), logged with console.error', () => {
    vi.stubGlobal('reportError', undefined);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bug = new Error('host onError bug');
    createReporter(() => {
      throw bug;
    })(new Error('x'));
    expect(logged).toHaveBeenCalledWith('[guidepost] the onError handler threw:', bug);
  });
});

describe('on a page whose Error.prototype is frozen (hardened pages, SES)', () => {
  it('makes its errors without throwing, named as before', async () => {
    const { DeliveryError } = await import('../src/track/delivery-error');
    const descriptor = Object.getOwnPropertyDescriptor(Error.prototype, 'name')!;
    Object.defineProperty(Error.prototype, 'name', { ...descriptor, writable: false });
    try {
      const error = new GuidepostError('internal', 'm');
      expect(error.name).toBe('GuidepostError');
      expect(new DeliveryError('d', 503).name).toBe('DeliveryError');
      expect(String(error)).toBe('GuidepostError: m');
      const seen: GuidepostError[] = [];
      createReporter((e) => seen.push(e))(new Error('plain'));
      expect(seen[0]).toMatchObject({ name: 'GuidepostError', code: 'internal' });
      // A storage operation that never answers still times out (its error made without assigning `name`).
      const { boundOperations } = await import('../src/store/bounded');
      await expect(boundOperations(5)(() => new Promise(() => undefined))).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      Object.defineProperty(Error.prototype, 'name', descriptor);
    }
  });
});
