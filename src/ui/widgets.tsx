/**
 * The surfaces a tour does not need: banners, checklists, hotspots and help links, with their
 * stylesheet. A chunk of its own (the ESM build's chunks/widgets.js; inlined in both IIFE UI
 * builds), loaded by the view before the first of them is drawn (runtime/view-chunk.ts), so a
 * page that shows only tours and tooltips never downloads it. What they share with the tour step
 * (Card, RichText, Popover, positioning, the base stylesheet) stays in the UI chunk. "Was this
 * helpful?" (Feedback.tsx) comes with them: a tour that asks it gets it from here.
 */
import type { BannerItem, ChecklistItem, HelpLinkItem } from '../manifest/schema';
import { Banner } from './Banner';
import { ChecklistView } from './Checklist';
import { localize, type ViewButton } from './content';
import { labelled } from './strings';
import { HelpLink } from './HelpLink';
import { Hotspot } from './Hotspot';
import type { SurfaceViewProps } from './Layer';

export { WIDGETS_CSS } from './widget-styles';
export { Feedback } from './Feedback';

/**
 * A banner, checklist or hotspot in the layer, or a help link or inline banner in its inline
 * host. `staged`: a tour step holds the stage (banners go inert, the checklist folds, an open
 * help-link popover waits).
 */
export function WidgetView({ surface, strings, callbacks, context, staged }: SurfaceViewProps) {
  const { item, content, reference } = surface;
  const onButton = (b: ViewButton) => callbacks.onButton(item, b);
  switch (item.type) {
    case 'banner': {
      const banner = item as BannerItem;
      return (
        <Banner
          itemId={item.id}
          slot={banner.slot ?? 'top'}
          content={content}
          dismissible={banner.dismissible !== false}
          push={banner.push === true}
          inert={staged}
          closeLabel={strings.close}
          closeLang={strings.lang}
          fallbackLabel={strings.announcement}
          onClose={() => callbacks.onClose(item, 'close')}
          onButton={onButton}
        />
      );
    }
    case 'hotspot':
      if (!reference) return null;
      return (
        <Hotspot
          itemId={item.id}
          reference={reference}
          placement={item.placement}
          content={content}
          strings={strings}
          onOpen={() => callbacks.onOpen(item)}
          onClose={(origin) => callbacks.onClose(item, origin)}
          onButton={onButton}
        />
      );
    case 'checklist': {
      const state = surface.checklist;
      if (!state) return null;
      return (
        <ChecklistView
          itemId={item.id}
          title={content.title}
          tasks={(item as ChecklistItem).tasks}
          done={state.done}
          expanded={state.expanded}
          staged={staged}
          strings={strings}
          context={context}
          dir={content.dir}
          lang={content.lang}
          onToggle={() => callbacks.onChecklistToggle(item)}
          onTask={(task) => callbacks.onTask(item, task)}
          onClose={() => callbacks.onClose(item, 'close')}
        />
      );
    }
    case 'helpLink': {
      const link = item as HelpLinkItem;
      // The accessible name's language: its own label's, else the title's (most of what it says), else the SDK's word's.
      const own = localize(link.label, context);
      const label = own?.text ?? (content.title ? labelled(strings, strings.help, content.title) : strings.help);
      const labelLang = own ? own.locale || context.defaultLocale : content.title ? content.lang : strings.lang;
      return (
        <HelpLink
          itemId={item.id}
          url={link.url}
          label={label}
          labelLang={labelLang}
          content={content}
          placement={link.placement}
          strings={strings}
          feedback={link.feedback === true}
          onLinkClick={(url, event) => callbacks.onLinkClick(item, url, event)}
          onOpen={() => callbacks.onOpen(item)}
          onClose={(origin) => callbacks.onClose(item, origin)}
          onButton={onButton}
          onFeedback={(value) => callbacks.onFeedback(item, value)}
          wait={staged}
        />
      );
    }
    default:
      return null;
  }
}
