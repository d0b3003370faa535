import { describe, expect, it } from 'vitest';
import { packBeacons } from '../../src/track/beacon-chunks';
import type { OutboxRecord } from '../../src/track/outbox';
import { BODY_OVERHEAD, utf8Length } from '../../src/track/transport';

const record = (i: number, padding = 100): OutboxRecord => ({
  id: `id-${String(i).padStart(4, '0')}`,
  state: 'queued',
  event: { event_id: `id-${i}`, type: 'goal', name: `g${i}`, properties: { padding: 'x'.repeat(padding) } } as unknown as OutboxRecord['event'],
});
const body = (chunk: OutboxRecord[]) => utf8Length(JSON.stringify({ events: chunk.map((r) => r.event) }));

describe('packBeacons', () => {
  it('keeps the given order and fills chunks up to maxBytes', () => {
    const records = Array.from({ length: 50 }, (_, i) => record(49 - i));
    const chunks = packBeacons(records, 2000, 3, 1_000_000);
    expect(chunks).toHaveLength(3);
    expect(chunks.flat()).toEqual(records.slice(0, chunks.flat().length));
    for (const chunk of chunks) expect(body(chunk)).toBeLessThanOrEqual(2000);
    // Full chunks: the next record would not have fitted.
    expect(body([...chunks[0], records[chunks[0].length]])).toBeGreaterThan(2000);
    expect(packBeacons(records, 2000, 100, 1_000_000).flat()).toEqual(records);
  });

  it('stops at the budget, counting every chunk', () => {
    const records = Array.from({ length: 100 }, (_, i) => record(i));
    const chunks = packBeacons(records, 1500, 100, 5000);
    expect(chunks.reduce((sum, c) => sum + body(c), 0)).toBeLessThanOrEqual(5000);
    const sent = chunks.flat().length;
    expect(sent).toBeGreaterThan(0);
    // The next record would have gone over the budget.
    expect(chunks.reduce((sum, c) => sum + body(c), 0) + body([records[sent]]) - BODY_OVERHEAD).toBeGreaterThan(5000);
  });

  it('skips records too large for any beacon, keeps packing after them', () => {
    const records = [record(0), record(1, 5000), record(2)];
    expect(packBeacons(records, 1000, 4, 10_000).flat().map((r) => r.id)).toEqual(['id-0000', 'id-0002']);
  });

  it('returns nothing for nothing, and nothing when even the envelope exceeds the budget', () => {
    expect(packBeacons([], 1000, 4, 10_000)).toEqual([]);
    expect(packBeacons([record(0)], 1000, 4, BODY_OVERHEAD)).toEqual([]);
  });
});
