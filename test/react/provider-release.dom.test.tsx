/** @jsxImportSource react */
/**
 * src/react/provider.ts in happy-dom, around the end of an instance: calls children make while
 * the provider unmounts (their effect cleanups run after its own) reach the instance before it
 * is destroyed; an instance created again after <Activity> hid the provider reads the current
 * options and keeps the user set with identify(), unless the options' user changed since.
 */
import { Activity, useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, type GuidepostOptions, type GuidepostUser } from '../../src/index';
import { GuidepostProvider, useTrack } from '../../src/react/index';
import { collectingOptions } from '../support/binding-host';
import { mount, outsideAct, rerender, unmount } from '../support/react-root';

const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).optionsLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const created = () => instances.created.map((c) => c.gp);
const optionsOf = (i: number) => instances.created[i].options;

const manifest = { schemaVersion: 1, revision: 'provider-release', items: [{ id: 'news', type: 'banner', body: 'Hello' }] };
const { events, errors, options, clear } = collectingOptions(manifest);
const goals = () => events.filter((e) => e.type === 'goal').map((e) => `${e.name}:${e.user_id}`);

outsideAct();
afterEach(async () => {
  await unmount();
  expect(errors).toEqual([]);
  document.body.innerHTML = '';
  clear();
  instances.clear();
});

describe('GuidepostProvider unmounting', () => {
  it('a track() in a child\'s effect cleanup reaches the instance before it is destroyed', async () => {
    function Editor() {
      const track = useTrack();
      useEffect(() => () => track('editor_closed'), [track]);
      return null;
    }
    mount(
      <GuidepostProvider options={options({ user: { id: 'u1' } })}>
        <Editor />
      </GuidepostProvider>,
    );
    const gp = created()[0];
    await gp.start();
    await unmount();
    expect(instances.destroyed.has(gp)).toBe(true);
    expect(goals()).toEqual(['editor_closed:u1']);
  });
});

describe('GuidepostProvider shown again after <Activity> hid it', () => {
  const ui = (mode: 'visible' | 'hidden', opts: GuidepostOptions) => (
    <Activity mode={mode}>
      <GuidepostProvider options={opts}>{null}</GuidepostProvider>
    </Activity>
  );
  /** Hides and shows the provider with `opts`; resolves with the new instance, started. */
  async function hideAndShow(opts: GuidepostOptions) {
    const before = created().at(-1)!;
    rerender(ui('hidden', opts));
    await vi.waitFor(() => expect(instances.destroyed.has(before)).toBe(true));
    rerender(ui('visible', opts));
    await vi.waitFor(() => expect(created().at(-1)).not.toBe(before));
    const gp = created().at(-1)!;
    await gp.start();
    return gp;
  }

  it('creates the new instance from the options of that render', async () => {
    const storage = memoryStorage();
    mount(ui('visible', options({ storage, locale: 'en', user: { id: 'alice' } })));
    const next = options({ storage, locale: 'de', user: { id: 'bob' } });
    const gp = await hideAndShow(next);
    expect(optionsOf(1)).toBe(next);
    gp.track('after');
    expect(goals()).toEqual(['after:bob']);
  });

  it('keeps the user set with identify(), merged as the core merges it, also when inline options are new objects', async () => {
    const storage = memoryStorage();
    mount(ui('visible', options({ storage, user: { id: 'alice', accountId: 'acme' } })));
    const first = created()[0];
    await first.start();
    first.identify({ id: 'bob', traits: { plan: 'pro' } });
    first.track('before');
    // The same user written again inline (a new object every render) is no change.
    const gp = await hideAndShow(options({ storage, user: { id: 'alice', accountId: 'acme' } }));
    expect(optionsOf(1).user).toEqual({ id: 'bob', accountId: 'acme', traits: { plan: 'pro' } });
    gp.track('after');
    expect(goals()).toEqual(['before:bob', 'after:bob']);
    // And again: the second instance's identify() calls carry on from there.
    gp.identify({ traits: { plan: 'team' } });
    await hideAndShow(options({ storage, user: { id: 'alice', accountId: 'acme' } }));
    expect(optionsOf(2).user).toEqual({ id: 'bob', accountId: 'acme', traits: { plan: 'team' } });
  });

  it("an identify() after the options' user changed builds on the options' new user, also once shown again", async () => {
    const storage = memoryStorage();
    mount(ui('visible', options({ storage, user: { id: 'u_1' } })));
    const first = created()[0];
    await first.start();
    rerender(ui('visible', options({ storage, user: { id: 'u_2' } })));
    first.identify({ traits: { plan: 'pro' } });
    await hideAndShow(options({ storage, user: { id: 'u_2' } }));
    expect(optionsOf(1).user).toMatchObject({ id: 'u_2', traits: { plan: 'pro' } });
  });

  it('takes the options\' user when it changed after the last identify()', async () => {
    const storage = memoryStorage();
    mount(ui('visible', options({ storage, user: { id: 'alice' } })));
    const first = created()[0];
    await first.start();
    first.identify({ id: 'bob' });
    const carol: GuidepostUser = { id: 'carol' };
    rerender(ui('visible', options({ storage, user: carol }))); // read once: no new instance yet
    expect(created()).toHaveLength(1);
    await hideAndShow(options({ storage, user: carol }));
    expect(optionsOf(1).user).toBe(carol);
  });

  it('keeps an identify() made after the options\' user changed', async () => {
    const storage = memoryStorage();
    mount(ui('visible', options({ storage, user: { id: 'alice' } })));
    rerender(ui('visible', options({ storage, user: { id: 'carol' } })));
    const first = created()[0];
    await first.start();
    first.identify({ id: 'dave' });
    await hideAndShow(options({ storage, user: { id: 'carol' } }));
    expect(optionsOf(1).user).toEqual({ id: 'dave' });
  });

  it('carries only what the core keeps of an identify(): an invalid id is left out, null clears', async () => {
    const storage = memoryStorage();
    mount(ui('visible', options({ storage, user: { id: 'alice', accountId: 'acme' } })));
    const first = created()[0];
    await first.start();
    first.identify({ id: 'u1' });
    first.identify({ id: {} as never, accountId: null as never, traits: ['x'] as never });
    // The core reports what it leaves out.
    expect(errors.length).toBeGreaterThan(0);
    errors.length = 0;
    await hideAndShow(options({ storage, user: { id: 'alice', accountId: 'acme' } }));
    expect(optionsOf(1).user).toEqual({ id: 'u1', accountId: undefined });
  });

  it('an identify() on a destroyed instance is not carried', async () => {
    const storage = memoryStorage();
    mount(ui('visible', options({ storage, user: { id: 'alice' } })));
    const first = created()[0];
    await hideAndShow(options({ storage, user: { id: 'alice' } }));
    first.identify({ id: 'stale' });
    await hideAndShow(options({ storage, user: { id: 'alice' } }));
    expect(optionsOf(2).user).toEqual({ id: 'alice' });
  });
});
