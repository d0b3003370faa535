/** The content shared by popovers, tooltips and tour steps: title, image, body, buttons. */
import type { ViewButton, ViewContent } from './content';
import { RichText } from './RichText';

export interface CardProps {
  content: ViewContent;
  titleId: string;
  bodyId: string;
  onButton: (button: ViewButton) => void;
}

export function CardContent({ content, titleId, bodyId, onButton }: CardProps) {
  return (
    <>
      {content.title && <h2 data-part="title" id={titleId} lang={content.titleLang?.lang} dir={content.titleLang?.dir}>{content.title}</h2>}
      {content.image && <img data-part="image" src={content.image.src} alt={content.image.alt} />}
      {content.body && (
        <div data-part="body" id={bodyId}>
          <RichText blocks={content.body} />
        </div>
      )}
      {content.buttons.length > 0 && (
        <div data-part="actions">
          {content.buttons.map((b) => (
            <button type="button" data-part="button" data-action={b.button.action} data-primary={b.primary ? '' : undefined} onClick={() => onButton(b)}>
              {b.label}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

/** The × button. Its label is localized by the caller. */
/** The ×, named `label` (in the SDK's words, whose language is `lang`). */
export function CloseButton({ label, onClose, lang }: { label: string; onClose: () => void; lang?: string }) {
  return (
    <button type="button" data-part="close" aria-label={label} lang={lang} onClick={onClose}>
      <span aria-hidden="true">×</span>
    </button>
  );
}
