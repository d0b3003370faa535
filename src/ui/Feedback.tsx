/** "Was this helpful?": yes / no, then an optional comment. Sent as a `feedback` event. */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { wordsAttributes, type UiStrings } from './strings';

export interface FeedbackValue {
  helpful: boolean;
  comment?: string;
}

export function Feedback({ itemId, strings, onFeedback }: { itemId: string; strings: UiStrings; onFeedback: (value: FeedbackValue) => void }) {
  const [answer, setAnswer] = useState<boolean | undefined>(undefined);
  const [sent, setSent] = useState(false);
  const [comment, setComment] = useState('');
  const commentId = `gp-${itemId}-comment`;
  // Each answer replaces the control that had focus: focus follows to what replaced it (the
  // comment field, then the thanks), so a keyboard or screen-reader user keeps their place and a
  // modal tour step keeps Tab inside. Not on first render: showing the question takes no focus.
  const part = useRef<HTMLElement>(null);
  const answered = useRef(false);
  useLayoutEffect(() => {
    if (answered.current) (part.current?.querySelector('textarea') ?? part.current)?.focus();
  }, [answer, sent]);
  if (sent) {
    return <p ref={part as never} data-part="feedback" data-state="sent" role="status" {...wordsAttributes(strings)} tabIndex={-1}>{strings.thanks}</p>;
  }
  if (answer === undefined) {
    const choose = (helpful: boolean) => {
      answered.current = true;
      setAnswer(helpful);
      onFeedback({ helpful });
    };
    return (
      <div data-part="feedback" data-state="asking" role="group" {...wordsAttributes(strings)} aria-label={strings.helpful}>
        <span>{strings.helpful}</span>
        <button type="button" data-part="button" data-answer="yes" onClick={() => choose(true)}>{strings.yes}</button>
        <button type="button" data-part="button" data-answer="no" onClick={() => choose(false)}>{strings.no}</button>
      </div>
    );
  }
  return (
    <form
      ref={part as never}
      data-part="feedback"
      data-state="comment"
      {...wordsAttributes(strings)}
      onSubmit={(event) => {
        event.preventDefault();
        if (comment.trim()) onFeedback({ helpful: answer, comment: comment.trim().slice(0, 1000) });
        setSent(true);
      }}
    >
      <label for={commentId}>{strings.comment}</label>
      <textarea id={commentId} rows={2} maxLength={1000} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
      <button type="submit" data-part="button">{strings.send}</button>
    </form>
  );
}
