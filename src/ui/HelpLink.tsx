/**
 * The small "?" beside a target. It lives in its own inline host right after the target,
 * so keyboard users reach it in the page's tab order where they expect it. With a `url`
 * it is a link to the article; otherwise a button that opens a popover.
 */
import { useRef, useState } from 'preact/hooks';
import { arenaOf } from './arena';
import type { Placement } from '../manifest/schema';
import type { ViewButton, ViewContent } from './content';
import { Feedback, type FeedbackValue } from './Feedback';
import { lightDismiss } from './light-dismiss';
import { Popover } from './Popover';
import type { UiStrings } from './strings';
import { isSafeUrl } from '../manifest/url';

export interface HelpLinkProps {
  itemId: string;
  url?: string;
  label: string;
  /** The language of `label`, for screen readers' pronunciation. */
  labelLang?: string;
  content: ViewContent;
  placement?: Placement;
  strings: UiStrings;
  /** The link was activated; `leaving` when it navigates this tab (the caller may delay it). */
  onLinkClick: (url: string, event: MouseEvent) => void;
  onOpen: () => void;
  /** Its popover closed: by its ×, by Escape, or (`blur`) by focus leaving it and the "?" for the page. */
  onClose: (origin: 'close' | 'escape' | 'blur') => void;
  onButton: (button: ViewButton) => void;
  /** Ask "Was this helpful?" in the popover. */
  feedback: boolean;
  onFeedback: (value: FeedbackValue) => void;
  /** A tour step holds the stage: an open popover waits (stays open, not shown) until it ends. */
  wait?: boolean;
}

export function HelpLink(props: HelpLinkProps) {
  const [open, setOpen] = useState(false);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // When the person opened it, in the arena's order: its popover waits out a tour's stage
  // unmounted, and comes back as opened then, not as the newest surface (arena.ts).
  const openedSeq = useRef(0);
  const state = open ? 'open' : 'closed';
  // A link is only ever an http(s), mailto or relative URL, whatever the manifest says.
  if (props.url && isSafeUrl(props.url)) {
    // Articles elsewhere open in a new tab; pages of the product itself open in this one.
    const external = /^([a-z][a-z0-9+.-]*:)?\/\//i.test(props.url) || /^mailto:/i.test(props.url);
    return (
      <a
        data-part="help-link"
        data-item={props.itemId}
        data-state={state}
        href={props.url}
        target={external ? '_blank' : undefined}
        rel={external ? 'noopener noreferrer' : undefined}
        aria-label={props.label}
        lang={props.labelLang}
        onClick={(event) => props.onLinkClick(props.url!, event)}
      >
        ?
      </a>
    );
  }
  const close = (origin: 'close' | 'escape' | 'blur') => {
    setOpen(false);
    // Focus that left for the page stays where the person put it.
    if (origin !== 'blur') anchor?.focus();
    props.onClose(origin);
  };
  return (
    <>
      <button
        type="button"
        ref={setAnchor}
        data-part="help-link"
        data-item={props.itemId}
        data-state={state}
        aria-label={props.label}
        lang={props.labelLang}
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          if (open) return;
          openedSeq.current = (anchor && arenaOf(anchor)?.next()) || 0;
          props.onOpen();
        }}
      >
        ?
      </button>
      {open && anchor && !props.wait && (
        <Popover
          part="popover"
          itemId={props.itemId}
          reference={anchor}
          placement={props.placement}
          content={props.content}
          closeLabel={props.strings.close}
          closeLang={props.strings.lang}
          fallbackLabel={props.label}
          autoFocus
          onClose={close}
          whileOpen={(card, onClose) => lightDismiss(card, anchor, onClose)}
          onButton={props.onButton}
          openedSeq={openedSeq.current}
          feedback={props.feedback ? <Feedback itemId={props.itemId} strings={props.strings} onFeedback={props.onFeedback} /> : undefined}
        />
      )}
    </>
  );
}
