/**
 * An onboarding checklist: a launcher showing progress, and a collapsible panel of tasks
 * that complete when their events happen. Tasks can start a tour or open a page; a task's
 * `body` (rich text) shows under its title.
 */
import { parseRichText } from '../manifest/richtext';
import type { ChecklistTask } from '../manifest/schema';
import { CloseButton } from './Card';
import type { ContentContext } from './content';
import { localize } from './content';
import { RichText } from './RichText';
import { format, type UiStrings } from './strings';

export interface ChecklistViewProps {
  itemId: string;
  title?: string;
  tasks: ChecklistTask[];
  done: ReadonlySet<string>;
  expanded: boolean;
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
  const progressText = format(strings.stepOf, { n: completed, total: tasks.length });
  return (
    <section data-part="checklist" data-item={itemId} data-state={props.expanded ? 'open' : 'closed'} aria-labelledby={titleId} dir={props.dir} lang={props.lang}>
      {props.expanded && (
        <div data-part="checklist-panel" id={panelId}>
          <CloseButton label={strings.close} onClose={props.onClose} />
          <h2 data-part="title" id={titleId}>{title}</h2>
          <div data-part="progress-bar" role="progressbar" aria-label={title} aria-valuemin={0} aria-valuemax={tasks.length} aria-valuenow={completed} aria-valuetext={progressText}>
            <div data-part="progress-fill" style={{ width: `${Math.round((completed / tasks.length) * 100)}%` }} />
          </div>
          <ul data-part="checklist-tasks">
            {tasks.map((task, index) => {
              const isDone = done.has(task.id);
              const label = localize(task.title, props.context)?.text ?? task.id;
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
        </div>
      )}
      <button type="button" data-part="checklist-launcher" aria-expanded={props.expanded} aria-controls={props.expanded ? panelId : undefined} onClick={props.onToggle}>
        <span>{props.expanded ? title : `${title} · ${progressText}`}</span>
      </button>
    </section>
  );
}
