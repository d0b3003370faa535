/**
 * Owns the DOM the SDK adds: one layer host (open shadow root) for floating surfaces,
 * created on first use, and one small inline host per help link placed right after its
 * target. `destroy()` removes every node it added.
 */
import { render } from 'preact';
import type { HelpLinkItem, Theme } from '../manifest/schema';
import { localize, type ContentContext } from './content';
import { HelpLink } from './HelpLink';
import { createHost, HOST_TAG, INLINE_HOST_TAG, type Host } from './host';
import { Layer, type Surface, type SurfaceCallbacks } from './Layer';
import { INLINE_CSS, LAYER_CSS } from './styles';
import type { UiStrings } from './strings';

export interface Renderer {
  render(surfaces: Surface[]): void;
  destroy(): void;
}

const THEME_VARIABLES: [keyof Theme, string][] = [
  ['accent', '--gp-accent'], ['background', '--gp-bg'], ['text', '--gp-text'], ['radius', '--gp-radius'],
  ['font', '--gp-font'], ['spacing', '--gp-space'], ['shadow', '--gp-shadow'],
];

function applyTheme(element: HTMLElement, theme: Theme | undefined) {
  element.setAttribute('data-scheme', theme?.colorScheme ?? 'auto');
  for (const [key, variable] of THEME_VARIABLES) {
    const value = theme?.[key];
    if (typeof value === 'string') element.style.setProperty(variable, value);
  }
}

/** Text containers take the "?" inside, at their end, so it sits on the same line as their text. */
const TEXT_CONTAINERS = /^(H[1-6]|LEGEND|TH|DT|P|CAPTION|SPAN|STRONG)$/;

/**
 * Puts a help link's host in DOM order right after its target's text: inside text
 * containers (a heading keeps its "?" on its line), after anything interactive or void
 * (a button inside a button, or inside an <input>, is invalid).
 */
function placeBeside(target: Element, host: HTMLElement) {
  if (TEXT_CONTAINERS.test(target.tagName)) target.appendChild(host);
  else target.after(host);
}

export function createRenderer(
  doc: Document,
  options: { strings: UiStrings; theme?: Theme; callbacks: SurfaceCallbacks; contentContext: () => ContentContext },
): Renderer {
  let layer: Host | undefined;
  const inline = new Map<string, { host: Host; target: Element }>();

  const renderHelpLinks = (surfaces: Surface[]) => {
    const wanted = new Set<string>();
    for (const { item, content, reference } of surfaces) {
      if (item.type !== 'helpLink' || !reference) continue;
      wanted.add(item.id);
      let entry = inline.get(item.id);
      if (entry && (entry.target !== reference || !entry.host.element.isConnected || !reference.isConnected)) {
        render(null, entry.host.container);
        entry.host.remove();
        entry = undefined;
      }
      if (!entry) {
        const host = createHost(doc, INLINE_HOST_TAG, INLINE_CSS, (el) => placeBeside(reference, el));
        applyTheme(host.element, options.theme);
        host.element.setAttribute('data-item', item.id);
        entry = { host, target: reference };
        inline.set(item.id, entry);
      }
      const link = item as HelpLinkItem;
      const label = localize(link.label, options.contentContext())?.text ?? `${options.strings.help}: ${content.title ?? ''}`.replace(/: $/, '');
      render(
        <HelpLink
          itemId={item.id}
          url={link.url}
          label={label}
          content={content}
          placement={link.placement}
          strings={options.strings}
          onLinkClick={(url) => options.callbacks.onLinkClick(item, url)}
          onOpen={() => options.callbacks.onOpen(item)}
          onClose={(origin) => options.callbacks.onClose(item, origin)}
          onButton={(b) => options.callbacks.onButton(item, b)}
        />,
        entry.host.container,
      );
    }
    for (const [id, entry] of inline) {
      if (!wanted.has(id)) {
        render(null, entry.host.container);
        entry.host.remove();
        inline.delete(id);
      }
    }
  };

  return {
    render(surfaces) {
      renderHelpLinks(surfaces);
      const floating = surfaces.filter((s) => s.item.type !== 'helpLink');
      if (!layer && floating.length === 0) return;
      if (!layer) {
        layer = createHost(doc, HOST_TAG, LAYER_CSS, (el) => doc.body.appendChild(el));
        applyTheme(layer.element, options.theme);
      }
      render(<Layer surfaces={floating} strings={options.strings} callbacks={options.callbacks} />, layer.container);
    },
    destroy() {
      for (const entry of inline.values()) {
        render(null, entry.host.container);
        entry.host.remove();
      }
      inline.clear();
      if (layer) {
        render(null, layer.container);
        layer.remove();
        layer = undefined;
      }
    },
  };
}
