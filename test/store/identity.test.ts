/** Session bookkeeping on the identity record: renewal after idling, de-duplication keys, pacing. */
import { describe, expect, it } from 'vitest';
import { countInterruptive, MAX_SESSION_KEYS, rememberInSession, touchSession, type IdentityRecord } from '../../src/store/identity';

const MINUTE = 60_000;
const identity = (): IdentityRecord => ({
  anonymousId: 'anon',
  session: { id: 's1', startedAt: 0, lastActiveAt: 0, interruptiveShown: 2, lastInterruptiveAt: 0, exposures: ['a'] },
});

describe('session bookkeeping', () => {
  it('keeps the session while active and starts a fresh one after thirty idle minutes', () => {
    const active = touchSession(identity(), 29 * MINUTE);
    expect(active.session).toMatchObject({ id: 's1', lastActiveAt: 29 * MINUTE, interruptiveShown: 2, exposures: ['a'] });
    const renewed = touchSession(active, 29 * MINUTE + 31 * MINUTE);
    expect(renewed.session.id).not.toBe('s1');
    expect(renewed.session).toMatchObject({ interruptiveShown: 0, startedAt: 60 * MINUTE });
    expect(renewed.session.exposures).toBeUndefined();
    expect(renewed.anonymousId).toBe('anon');
  });

  it('remembers a key once per session, bounded', () => {
    expect(rememberInSession(identity(), 'a')).toBeUndefined();
    let record = rememberInSession(identity(), 'b')!;
    expect(record.session.exposures).toEqual(['a', 'b']);
    for (let i = 0; i < MAX_SESSION_KEYS + 10; i++) record = rememberInSession(record, `k${i}`) ?? record;
    expect(record.session.exposures).toHaveLength(MAX_SESSION_KEYS);
  });

  it('counts interruptive items for session pacing', () => {
    expect(countInterruptive(identity(), 5).session).toMatchObject({ interruptiveShown: 3, lastInterruptiveAt: 5 });
  });
});
