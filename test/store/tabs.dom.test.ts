/**
 * src/store/tabs.ts on its own: openTabChannel over an injected BroadcastChannel (and once over
 * the real one). Covers what reaches subscribers (only objects with a string `kind`; data that
 * is not such an object is dropped without throwing), the disposer subscribe returns, post
 * after close, a missing BroadcastChannel and a throwing constructor (one report per open).
 * Messages that are not TabMessages (wrong shapes, unknown kinds, hostile sizes) are dropped.
 * storage-faults.dom.test.ts covers a throwing postMessage and close() dropping the handler.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyChange } from '../../src/store/merge';
import { openTabChannel, type TabChannel, type TabMessage } from '../../src/store/tabs';
import { emptyProgress } from '../../src/engine/progress';

/** A BroadcastChannel stand-in: tests deliver messages by calling `receive`. */
class FakeChannel {
  static instances: FakeChannel[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  posted: unknown[] = [];
  closed = 0;
  constructor(readonly name: string) {
    FakeChannel.instances.push(this);
  }
  postMessage(data: unknown) {
    this.posted.push(data);
  }
  close() {
    this.closed++;
  }
  receive(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}
const scope = { BroadcastChannel: FakeChannel as unknown as typeof BroadcastChannel };

const opened: TabChannel[] = [];
function open(report: (error: Error) => void = () => undefined) {
  const channel = openTabChannel('guidepost', 'tab-1', scope, report)!;
  opened.push(channel);
  const heard: TabMessage[] = [];
  channel.subscribe((message) => heard.push(message));
  return { channel, heard, fake: FakeChannel.instances.at(-1)! };
}

afterEach(() => {
  for (const channel of opened.splice(0)) channel.close();
  FakeChannel.instances = [];
});

describe('openTabChannel', () => {
  it('opens the named channel and posts messages as given', () => {
    const { channel, fake } = open();
    expect(fake.name).toBe('guidepost');
    expect(channel.tabId).toBe('tab-1');
    const message: TabMessage = { kind: 'tour', tab: 'tab-1', tour: 'setup' };
    channel.post(message);
    expect(fake.posted).toEqual([message]);
  });

  it('no BroadcastChannel: no channel, and nothing to report', () => {
    const report = vi.fn();
    expect(openTabChannel('guidepost', 'tab', {}, report)).toBeUndefined();
    expect(openTabChannel('guidepost', 'tab', { BroadcastChannel: 'nope' as never }, report)).toBeUndefined();
    expect(report).not.toHaveBeenCalled();
  });

  it('a constructor that throws SecurityError: no channel, one report per open, naming the error', () => {
    const report = vi.fn();
    let attempts = 0;
    const Throwing = function () {
      attempts++;
      throw new DOMException('The operation is insecure.', 'SecurityError');
    } as unknown as typeof BroadcastChannel;
    expect(openTabChannel('guidepost', 'tab', { BroadcastChannel: Throwing }, report)).toBeUndefined();
    expect(attempts).toBe(1);
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0]).toBeInstanceOf(Error);
    expect(report.mock.calls[0][0].message).toBe('Guidepost tab sync (BroadcastChannel) failed, this tab works alone: SecurityError: The operation is insecure.');
  });
});

describe('incoming messages', () => {
  it('delivers every well-formed kind to every subscriber, as received', () => {
    const { channel, fake, heard } = open();
    const second: TabMessage[] = [];
    channel.subscribe((m) => second.push(m));
    const messages: TabMessage[] = [
      { kind: 'hello', tab: 'tab-2' },
      { kind: 'tour', tab: 'tab-2', tour: null },
      { kind: 'reset', key: 'progress:u1' },
      { kind: 'progress', key: 'progress:u1', change: { events: { saved: { count: 1, firstAt: 1, lastAt: 1, delta: 1 } } } },
    ];
    for (const message of messages) fake.receive(message);
    expect(heard).toEqual(messages);
    expect(second).toEqual(messages);
  });

  const notMessages: [string, unknown][] = [
    ['null', null], ['undefined', undefined], ['a number', 0], ['a string', 'hello'], ['a boolean', true], ['an empty array', []],
    ['an array of a message', [{ kind: 'hello', tab: 'x' }]], ['an empty object', {}], ['a numeric kind', { kind: 7 }], ['a null kind', { kind: null }], ['no kind', { tab: 'x' }],
  ];

  it.each(notMessages)('drops %s without throwing', (_name, data) => {
    const { fake, heard } = open();
    expect(() => fake.receive(data)).not.toThrow();
    expect(heard).toEqual([]);
  });

  it('a "__proto__" key from JSON does not stand in for "kind"', () => {
    const { fake, heard } = open();
    expect(() => fake.receive(JSON.parse('{"__proto__": {"kind": "reset", "key": "progress:u1"}}'))).not.toThrow();
    expect(heard).toEqual([]);
  });
});

describe('subscribe and close', () => {
  it('subscribe returns a disposer that stops that listener only, and may be called twice', () => {
    const { channel, fake, heard } = open();
    const other: TabMessage[] = [];
    const dispose = channel.subscribe((m) => other.push(m));
    fake.receive({ kind: 'hello', tab: 'a' });
    dispose();
    dispose();
    fake.receive({ kind: 'hello', tab: 'b' });
    expect(other).toEqual([{ kind: 'hello', tab: 'a' }]);
    expect(heard.map((m) => (m as { tab: string }).tab)).toEqual(['a', 'b']);
  });

  it('after close: posts are not sent, nothing is heard, the channel is closed once', () => {
    const report = vi.fn();
    const { channel, fake, heard } = open(report);
    channel.close();
    channel.post({ kind: 'hello', tab: 'tab-1' });
    const late = vi.fn();
    channel.subscribe(late);
    fake.receive({ kind: 'hello', tab: 'tab-2' });
    expect(fake.posted).toEqual([]);
    expect(heard).toEqual([]);
    expect(late).not.toHaveBeenCalled();
    expect(fake.closed).toBe(1);
    expect(report).not.toHaveBeenCalled();
  });
});

describe('over the real BroadcastChannel', () => {
  it('another channel of the same name hears a post; the sender does not hear itself', async () => {
    const a = openTabChannel('guidepost-test-tabs', 'tab-a')!;
    const b = openTabChannel('guidepost-test-tabs', 'tab-b')!;
    opened.push(a, b);
    const heardA: TabMessage[] = [];
    const heardB: TabMessage[] = [];
    a.subscribe((m) => heardA.push(m));
    b.subscribe((m) => {
      heardB.push(m);
      if (m.kind === 'hello') b.post({ kind: 'tour', tab: 'tab-b', tour: null });
    });
    a.post({ kind: 'hello', tab: 'tab-a' });
    await vi.waitFor(() => expect(heardA).toHaveLength(1));
    expect(heardA).toEqual([{ kind: 'tour', tab: 'tab-b', tour: null }]);
    expect(heardB).toEqual([{ kind: 'hello', tab: 'tab-a' }]);
  });
});

describe('messages that are not TabMessages are dropped before subscribers', () => {
  // Any script of the origin can post on the channel: the SDK's subscriber (tab-sync.ts) passes
  // a change to applyChange, which must never see one of these.
  const hostile: [string, unknown][] = [
    ['a progress message without change', { kind: 'progress', key: 'progress:u1', change: null }],
    ['a progress message whose key is not a string', { kind: 'progress', key: { toString: null }, change: {} }],
    ['a tour message with an object for a tab', { kind: 'tour', tab: {}, tour: 5 }],
    ['an unknown kind', { kind: 'constructor' }],
    ['a change with "__proto__" keys', { kind: 'progress', key: 'progress:u1', change: JSON.parse('{"items":{"__proto__":{"x":{"version":1}}}}') }],
    ['a change of 20,000 event names', { kind: 'progress', key: 'progress:u1', change: { events: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`e${i}`, { count: 1, firstAt: 1, lastAt: 1, delta: 1 }])) } }],
  ];

  it.each(hostile)('%s is dropped', (_name, data) => {
    const { fake, heard } = open();
    fake.receive(data);
    expect(heard.length).toBe(0);
  });

  it('a subscriber merging what it hears (as tab-sync does) does not throw on a hostile message', () => {
    const { channel, fake } = open();
    channel.subscribe((m) => {
      if (m.kind === 'progress') applyChange(emptyProgress(), m.change);
    });
    expect(() => fake.receive({ kind: 'progress', key: 'progress:u1', change: null })).not.toThrow();
  });
});
