/**
 * The rendering side of the hardening issue: a checklist task's `body` shows (rich text)
 * under its title, and a link a browser would take to another host is never rendered as a
 * link, whether it comes through the parser, a forged compiled manifest, or straight to the
 * view. Compiled manifests report what they leave out.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError } from '../src/index';
import { stampManifest } from '../src/manifest/compiled';
import { parseRichText, type Block } from '../src/manifest/richtext';
import type { Manifest } from '../src/manifest/schema';
import { RichText } from '../src/ui/RichText';
import { SDK_VERSION } from '../src/version';

const layer = () => document.querySelector('guidepost-root')?.shadowRoot;

async function start(manifest: unknown) {
  document.body.innerHTML = '<button id="save">Save</button>';
  const errors: GuidepostError[] = [];
  const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e) });
  await gp.start();
  return { gp, errors };
}

let container: HTMLElement | undefined;
function show(blocks: Block[]): HTMLElement {
  container = document.createElement('div');
  document.body.appendChild(container);
  render(<RichText blocks={blocks} />, container);
  return container;
}

afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = undefined;
  document.body.innerHTML = '';
});

describe('checklist task bodies (issue item 13)', () => {
  it('renders each task body as rich text under its title, described by it', async () => {
    const { gp, errors } = await start({
      schemaVersion: 1,
      revision: 'r',
      items: [{
        id: 'onboarding', type: 'checklist', title: 'Get started',
        tasks: [
          { id: 'profile', title: 'Fill in your profile', body: { en: 'Add a **photo** and [your role](/settings/profile).', es: 'Añade una foto.' }, url: '/settings/profile' },
          { id: 'invite', title: 'Invite a teammate' },
        ],
      }],
    });
    expect(errors).toEqual([]);
    const task = layer()!.querySelector('[data-part=checklist-task][data-task=profile]')!;
    const body = task.querySelector('[data-part=task-body]')!;
    expect(body.innerHTML).toBe('<p>Add a <strong>photo</strong> and <a href="/settings/profile">your role</a>.</p>');
    // Under the title: after it in the task, and the task's button names it as its description.
    expect(task.querySelector('[data-part=task-button]')!.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(task.querySelector('[data-part=task-button]')!.getAttribute('aria-describedby')).toBe(body.id);
    expect(layer()!.querySelector('[data-task=invite] [data-part=task-body]')).toBeNull();
    gp.destroy();
  });
});

describe('links that would leave the site unnoticed (issue item 3)', () => {
  it('are never rendered as links, even when handed to the view directly', () => {
    const link = (href: string) => ({ kind: 'link' as const, href, children: [href] });
    const root = show([{ kind: 'p', children: [link('/\\evil.example'), link('\\\\evil.example'), link('https:\\\\evil.example'), link('/ok'), link('//cdn.example/a')] }]);
    expect([...root.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([
      ['/ok', null, null],
      ['//cdn.example/a', '_blank', 'noopener noreferrer'],
    ]);
    expect(root.textContent).toBe('/\\evil.example\\\\evil.examplehttps:\\\\evil.example/ok//cdn.example/a');
  });

  it('written in rich text, keep their label as text', () => {
    const root = show(parseRichText('[a](/\\evil.example) [b](\\\\evil.example) [c](\\/evil.example) [d](/docs)'));
    expect(root.innerHTML).toBe('<p>a b c <a href="/docs">d</a></p>');
  });

  it('in a forged compiled manifest, are left out and reported once per item and field', async () => {
    const manifest = stampManifest({
      schemaVersion: 1,
      revision: 'forged',
      items: [
        { id: 'promo', type: 'banner', body: 'Read [the offer](/\\evil.example).', buttons: [{ label: 'Go', action: 'url', url: '\\\\evil.example' }] },
        { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.', image: { src: '/\t/evil.example/pixel.png', alt: 'x' } },
      ],
    } as unknown as Manifest, SDK_VERSION);
    const { gp, errors } = await start(JSON.parse(JSON.stringify(manifest)));
    const banner = layer()!.querySelector('[data-part=banner][data-item=promo]')!;
    expect(banner.querySelector('a')).toBeNull();
    expect(banner.textContent).toContain('Read the offer.');
    expect(layer()!.querySelector('[data-part=tooltip][data-item=tip] img')).toBeNull();
    expect(errors.map((e) => [e.code, e.problem?.code, e.problem?.itemId, e.problem?.path])).toEqual([
      ['manifest', 'unsafe-url', 'promo', 'items[0].buttons[0].url'],
      ['manifest', 'unsafe-link', 'promo', 'items[0].body'],
      ['manifest', 'unsafe-url', 'tip', 'items[1].image.src'],
    ]);
    gp.destroy();
  });
});
