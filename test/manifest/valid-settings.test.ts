/** src/manifest/valid-settings.ts: an invalid settings block keeps each cap and theme value that is valid on its own. */
import { describe, expect, it } from 'vitest';
import { validSettings } from '../../src/manifest/valid-settings';

describe('validSettings', () => {
  it('keeps the valid caps and theme values, one by one, and leaves the rest out', () => {
    const settings = validSettings({ caps: { perSession: 2, bogus: 1 }, theme: { accent: '#0055ff', colorScheme: 'neon' } });
    expect(settings.caps).toEqual({ perSession: 2 });
    expect(settings.theme).toEqual({ accent: '#0055ff' });
  });

  it('nothing from a value that is not an object', () => {
    expect(validSettings(null)).toEqual({});
    expect(validSettings({ caps: 'x', theme: [1] })).toEqual({ theme: {} });
  });
});
