/**
 * An onboarding checklist: a launcher showing progress, and a collapsible panel of tasks
 * that complete when their events happen. Tasks can start a tour or open a page; a task's
 * `body` (rich text) shows under its title. The panel steps aside (arbiter.ts): it folds to its
 * launcher while a tour step holds the stage, and for a card that needs its space, unless the
 * person opened it.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { parseRichText } from '../manifest/richtext';
import type { ChecklistTask } from '../manifest/schema';
import { announce } from './announcer';
import { OPENED, PANEL } from './arbiter';
import { arenaOf } from './arena';
import { CloseButton } from './Card';
import { useFocusBack } from './focus-back';
import { useYieldToFocus } from './yield-to-focus';
import type { ContentContext } from './content';
import { localize } from './content';
import { RichText } from './RichText';
import { format, wordsAttributes, type UiStrings } from './strings';

export interface ChecklistViewProps {
  itemId: string;
  title?: string;
  tasks: ChecklistTask[];
  done: ReadonlySet<string>;
  /** Open, as far as the runtime knows (the person's choice, or open on first sight). */
  expanded: boolean;
  /** A tour step holds the stage: only the launcher shows. */
  staged?: boolean;
  strings: UiStrings;
  context: ContentContext;
  dir: 'ltr' | 'rtl';
  lang?: string;
  onToggle: () => void;
  onTask: (task: ChecklistTask) => void;
  onClose: () => void;
}

export function ChecklistView(props: ChecklistViewProps) {
  const { itemId, tasks, done, strings } = props;
  const completed = tasks.filter((t) => done.has(t.id)).length;
  const title = props.title ?? strings.checklist;
  const panelId = `gp-${itemId}-panel`;
  const titleId = `gp-${itemId}-title`;
  const progressText = format(strings.tasksDone, { n: completed, total: tasks.length });
  const labelOf = (task: ChecklistTask) => localize(task.title, props.context)?.text ?? task.id;
  const section = useRef<HTMLElement>(null);
  // Progress changes where focus is not (an event on the page, another tab): a task done since
  // the last render is said through the layer's live region (announcer.tsx), "Invite a teammate:
  // done, 2 of 4". Not the ones it was first drawn with: those are no news.
  const wasDone = useRef(done);
  useLayoutEffect(() => {
    const before = wasDone.current;
    wasDone.current = done;
    const news = tasks.filter((t) => done.has(t.id) && !before.has(t.id));
    announce(section.current!, news.map((t) => format(strings.taskDone, { task: labelOf(t), n: completed, total: tasks.length })).join(' '));
  });
  const panel = useRef<HTMLDivElement>(null);
  const launcher = useRef<HTMLButtonElement>(null);
  // Folded for a surface that needed its space; it opens again when that one is gone.
  const [aside, setAside] = useState(false);
  // The person opened it: it then outranks tips and sheets (their last choice wins).
  const [chosen, setChosen] = useState(false);
  // Opened by itself, it folds for a control of the page it covers that gets focus, until the person opens it.
  const [yielded, setYielded] = useState(false);
  const expanded = props.expanded && !props.staged && !aside && !yielded;
  useYieldToFocus(panel, expanded && !chosen, () => setYielded(true));
  useLayoutEffect(
    () => arenaOf(section.current!)?.add({ rank: chosen ? OPENED : PANEL, docked: true, measure: () => panel.current?.getBoundingClientRect(), onWait: setAside }),
    [chosen],
  );
  // Folding or unfolding moves the launcher and frees or takes space: the others look again.
  useLayoutEffect(() => arenaOf(section.current!)?.refresh(), [expanded]);
  const toggle = () => {
    setChosen(!expanded);
    setAside(false);
    setYielded(false);
    // Folded aside or for focus, it is still open for the runtime: showing it again is not a toggle.
    if (!(aside || yielded) || !props.expanded) props.onToggle();
  };
  // The panel's × and Escape fold it to its launcher, where focus goes (the × is gone with the
  // panel): hiding the checklist for good is its own, worded button, never a stray ×.
  const fold = () => {
    toggle();
    launcher.current?.focus();
  };
  // "Don't show this checklist again" takes it off the page: focus goes back where it came from.
  const onFocusIn = useFocusBack(section);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    fold();
  };
  return (
    <section ref={section} data-part="checklist" data-item={itemId} data-state={expanded ? 'open' : 'closed'} aria-labelledby={expanded ? titleId : undefined} aria-label={expanded ? undefined : title} dir={props.dir} lang={props.lang} onFocusIn={onFocusIn}>
      {/* The launcher comes first, so Tab goes from it into the panel it opened; CSS shows the
          panel above it (column-reverse). */}
      <button type="button" ref={launcher} data-part="checklist-launcher" aria-expanded={expanded} aria-controls={expanded ? panelId : undefined} onClick={toggle}>
        <span>{title}</span>
        {/* The count is in the SDK's words (the reader's language), isolated from the title's direction. */}
        {!expanded && <> · <span {...wordsAttributes(strings)}>{progressText}</span></>}
      </button>
      {expanded && (
        <div data-part="checklist-panel" id={panelId} ref={panel} onKeyDown={onKeyDown}>
          <CloseButton label={strings.close} lang={strings.lang} onClose={fold} />
          <h2 data-part="title" id={titleId}>{title}</h2>
          <div data-part="progress">
            <div data-part="progress-bar" role="progressbar" aria-label={title} aria-valuemin={0} aria-valuemax={tasks.length} aria-valuenow={completed} aria-valuetext={progressText}>
              <div data-part="progress-fill" style={{ width: `${Math.round((completed / tasks.length) * 100)}%` }} />
            </div>
            <span data-part="progress-text" aria-hidden="true" {...wordsAttributes(strings)}>{progressText}</span>
          </div>
          <ul data-part="checklist-tasks">
            {tasks.map((task, index) => {
              const isDone = done.has(task.id);
              const label = labelOf(task);
              const actionable = !isDone && (task.tour !== undefined || task.url !== undefined);
              const body = localize(task.body, props.context);
              // By position: task ids are free text, element ids must not depend on them.
              const bodyId = body ? `gp-${itemId}-task-${index}-body` : undefined;
              return (
                <li data-part="checklist-task" data-task={task.id} data-state={isDone ? 'done' : 'todo'}>
                  <span data-part="check" aria-hidden="true">{isDone ? '✓' : ''}</span>
                  {actionable ? (
                    <button type="button" data-part="task-button" aria-describedby={bodyId} onClick={() => props.onTask(task)}>{label}</button>
                  ) : (
                    <span>{label}</span>
                  )}
                  {body && (
                    <div data-part="task-body" id={bodyId}>
                      <RichText blocks={parseRichText(body.text, props.context.lookup)} />
                    </div>
                  )}
                  <span data-part="visually-hidden">{isDone ? ` (${strings.done})` : ''}</span>
                </li>
              );
            })}
          </ul>
          <button type="button" data-part="button" data-action="dismiss" {...wordsAttributes(strings)} onClick={props.onClose}>{strings.dismissChecklist}</button>
        </div>
      )}
    </section>
  );
}
