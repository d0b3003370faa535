/** A banner in the top or bottom slot: overlays the page by default, dismissible. */
import { CardContent, CloseButton } from './Card';
import type { ViewButton, ViewContent } from './content';

export interface BannerProps {
  itemId: string;
  slot: 'top' | 'bottom' | 'inline';
  content: ViewContent;
  dismissible: boolean;
  closeLabel: string;
  onClose: () => void;
  onButton: (button: ViewButton) => void;
}

export function Banner(props: BannerProps) {
  const { itemId, content } = props;
  const titleId = `gp-${itemId}-title`;
  return (
    <section
      data-part="banner"
      data-item={itemId}
      data-state="open"
      data-slot={props.slot}
      aria-labelledby={content.title ? titleId : undefined}
      aria-label={content.title ? undefined : 'Announcement'}
      lang={content.lang}
      dir={content.dir}
    >
      <CardContent content={content} titleId={titleId} bodyId={`gp-${itemId}-body`} onButton={props.onButton} />
      {props.dismissible && <CloseButton label={props.closeLabel} onClose={props.onClose} />}
    </section>
  );
}
