/** Everything that floats above the page, rendered into the main shadow root. */
import type { BannerItem, Item } from '../manifest/schema';
import { Banner } from './Banner';
import type { ViewButton, ViewContent } from './content';
import { Popover } from './Popover';
import type { UiStrings } from './strings';

export interface Surface {
  item: Item;
  content: ViewContent;
  /** The resolved target element, for anchored surfaces. */
  reference?: Element;
}

export interface SurfaceCallbacks {
  onClose: (item: Item, origin: 'close' | 'escape' | 'overlay' | 'cta') => void;
  onButton: (item: Item, button: ViewButton) => void;
  onLinkClick: (item: Item, url: string) => void;
  onOpen: (item: Item) => void;
}

export function Layer({ surfaces, strings, callbacks }: { surfaces: Surface[]; strings: UiStrings; callbacks: SurfaceCallbacks }) {
  return (
    <>
      {surfaces.map(({ item, content, reference }) => {
        if (item.type === 'banner') {
          const banner = item as BannerItem;
          return (
            <Banner
              key={item.id}
              itemId={item.id}
              slot={banner.slot ?? 'top'}
              content={content}
              dismissible={banner.dismissible !== false}
              closeLabel={strings.close}
              onClose={() => callbacks.onClose(item, 'close')}
              onButton={(b) => callbacks.onButton(item, b)}
            />
          );
        }
        if (item.type === 'tooltip' && reference) {
          return (
            <Popover
              key={item.id}
              part="tooltip"
              itemId={item.id}
              reference={reference}
              placement={item.placement}
              content={content}
              closeLabel={strings.close}
              fallbackLabel={strings.help}
              onClose={(origin) => callbacks.onClose(item, origin)}
              onButton={(b) => callbacks.onButton(item, b)}
            />
          );
        }
        return null;
      })}
    </>
  );
}
