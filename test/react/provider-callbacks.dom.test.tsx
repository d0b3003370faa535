/** @jsxImportSource react */
/**
 * src/react/provider.ts in happy-dom: the function options (onEvent, onError, navigate, now) of
 * a provider that re-renders with new ones. The instance is created once, from the first
 * render's options; a host whose callbacks close over its state expects the one of its latest
 * render to be called, as React's "latest ref" pattern does.
 *
 * The instance takes them by a method for the bindings (src/runtime/host-callbacks.ts); the
 * options object the provider passes to createGuidepost() stays the host's own.
 */
import { StrictMode, useState } from 'react';
import { flushSync } from 'react-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, type GuidepostEvent, type GuidepostOptions } from '../../src/index';
import { GuidepostProvider } from '../../src/react/index';
import { mount, outsideAct, unmount } from '../support/react-root';

const instances = await vi.hoisted(async () => (await import('../support/binding-instances')).createdLog());
vi.mock('../../src/guidepost', async (importOriginal) => (await import('../support/binding-instances')).mockedGuidepost(await importOriginal(), instances));
const created = () => instances.created;

const manifest = {
  schemaVersion: 1,
  revision: 'provider-callbacks',
  items: [{ id: 'elsewhere', type: 'tour', trigger: 'manual', steps: [{ target: '#board', route: '/board', body: 'The board.' }] }],
};

outsideAct();
afterEach(async () => {
  await unmount();
  document.body.innerHTML = '';
  instances.clear();
});

/** What each callback heard, tagged with the `label` state of the render that made it. */
let heard: string[] = [];
let setLabel: (label: string) => void = () => {};
const base = { manifest, locale: 'en', storage: memoryStorage() };
/** A host whose callbacks, written inline, close over its state (a new function every render). */
function Host({ extra }: { extra?: (label: string) => Partial<GuidepostOptions> }) {
  const [label, set] = useState('first');
  setLabel = (next) => flushSync(() => set(next));
  return (
    <GuidepostProvider
      options={{
        ...base,
        onEvent: (e: GuidepostEvent) => {
          if (e.type === 'goal') heard.push(`${label} onEvent ${e.name}`);
        },
        onError: (e) => heard.push(`${label} onError ${e.code}`),
        navigate: (path) => heard.push(`${label} navigate ${path}`),
        ...extra?.(label),
      }}
    >
      {null}
    </GuidepostProvider>
  );
}
afterEach(() => {
  heard = [];
  history.replaceState({}, '', '/');
});

describe('GuidepostProvider: callback options follow the latest render', () => {
  it('onEvent: the one of the latest render is called, not the first one; the instance is not created again', async () => {
    mount(<Host />);
    const [gp] = created();
    await gp.start();
    setLabel('second');
    gp.track('saved');
    await vi.waitFor(() => expect(heard.filter((h) => h.includes('onEvent'))).not.toEqual([]));
    expect(heard).toEqual(['second onEvent saved']);
    expect(created()).toHaveLength(1);
  });

  it('onError and navigate: the latest render\'s are called (StrictMode included)', async () => {
    mount(
      <StrictMode>
        <Host />
      </StrictMode>,
    );
    const [gp] = created();
    await gp.start();
    setLabel('second');
    gp.startTour('no-such-tour'); // reported: not a tour of the manifest
    gp.startTour('elsewhere'); // its first step is on /board: the host's router is asked to go there
    await vi.waitFor(() => expect(heard.some((h) => h.includes('navigate'))).toBe(true));
    expect(heard.filter((h) => !h.includes('onEvent'))).toEqual(['second onError internal', 'second navigate /board']);
  });
});
