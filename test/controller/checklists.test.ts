/**
 * checklistDone (src/controller/checklists.ts), as view-chunk.ts and actions.ts call it with the
 * person's progress: a task is done when its tour was completed or its completeOn event was
 * tracked at least once; anything else (a tour only seen or dismissed, an event never tracked,
 * a task with neither) leaves it open.
 */
import { describe, expect, it } from 'vitest';
import { checklistDone } from '../../src/controller/checklists';
import { emptyProgress, recordCompleted, recordDismissed, recordEvent, recordSeen, type ProgressState } from '../../src/engine/progress';
import type { ChecklistItem } from '../../src/manifest/schema';

const list: ChecklistItem = {
  id: 'onboarding',
  type: 'checklist',
  tasks: [
    { id: 'tour', title: 'Take the tour', tour: 'welcome-tour' },
    { id: 'project', title: 'Create a project', completeOn: 'project_created' },
    { id: 'either', title: 'Invite or tour', tour: 'invite-tour', completeOn: 'invited' },
    { id: 'link', title: 'Read the docs', url: '/docs' },
  ],
};

const done = (progress: ProgressState) => [...checklistDone(list, progress)];

describe('checklistDone', () => {
  it('nothing is done with no progress', () => {
    expect(done(emptyProgress())).toEqual([]);
  });

  it('a task with a tour is done once that tour is completed, not when it was only seen or dismissed', () => {
    let progress = recordSeen(emptyProgress(), 'welcome-tour', 1, 1000);
    expect(done(progress)).toEqual([]);
    progress = recordDismissed(progress, 'welcome-tour', 1, 2000);
    expect(done(progress)).toEqual([]);
    progress = recordCompleted(progress, 'welcome-tour', 1, 3000);
    expect(done(progress)).toEqual(['tour']);
  });

  it('a task with completeOn is done once its event was tracked; other events do not count', () => {
    let progress = recordEvent(emptyProgress(), 'project_opened', 1000);
    expect(done(progress)).toEqual([]);
    progress = recordEvent(progress, 'project_created', 2000);
    expect(done(progress)).toEqual(['project']);
  });

  it('an event with a count of 0 does not complete its task', () => {
    const progress: ProgressState = { items: {}, events: { project_created: { count: 0, firstAt: 1, lastAt: 1 } } };
    expect(done(progress)).toEqual([]);
  });

  it('a task with both a tour and an event is done by either', () => {
    expect(done(recordEvent(emptyProgress(), 'invited', 1000))).toEqual(['either']);
    expect(done(recordCompleted(emptyProgress(), 'invite-tour', 1, 1000))).toEqual(['either']);
  });

  it('a task with neither is never done; done tasks come in the checklist\'s order', () => {
    let progress = recordEvent(emptyProgress(), 'invited', 1000);
    progress = recordCompleted(progress, 'welcome-tour', 1, 2000);
    progress = recordEvent(progress, 'project_created', 3000);
    const result = checklistDone(list, progress);
    expect([...result]).toEqual(['tour', 'project', 'either']);
    expect(result.has('link')).toBe(false);
    expect(result.size).toBe(list.tasks.length - 1);
  });
});
