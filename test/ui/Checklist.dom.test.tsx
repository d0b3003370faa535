/**
 * src/ui/Checklist.tsx (ChecklistView) rendered on its own: the launcher button's name, its
 * aria-expanded / aria-controls and the section's data-state; onToggle, onClose and onTask called
 * once with the right task; the panel's title (or "Getting started"), progress bar values and
 * tasks (a button only for a task that is to do and leads somewhere, a spoken "(Done)" for done
 * ones, a body that describes its button), localized for the context; folded while a tour holds
 * the stage, or while the arena sets it aside (then showing it again is not a toggle); its rank
 * once the person opened it; data-part names from src/ui/parts.ts. A task done since the last
 * render is said through the layer's live region, in the reader's words, folded or not; the tasks
 * it was first drawn with, and a render with nothing new, say nothing.
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChecklistTask } from '../../src/manifest/schema';
import { OPENED, PANEL } from '../../src/ui/arbiter';
import { Announcer } from '../../src/ui/announcer';
import { arenas, type Arena, type Entry } from '../../src/ui/arena';
import { ChecklistView, type ChecklistViewProps } from '../../src/ui/Checklist';
import { strings as es } from '../../src/ui/locales/es';
import { PART } from '../../src/ui/parts';
import { uiStrings, uiStringsMarked } from '../../src/ui/strings';

const strings = uiStrings('en');
const TASKS: ChecklistTask[] = [
  { id: 'profile', title: { en: 'Fill in your profile', es: 'Completa tu perfil' }, completeOn: 'profile_saved' },
  { id: 'tour', title: 'Take the tour', body: 'Five **short** steps.', tour: 'welcome' },
  { id: 'invite', title: 'Invite a teammate', url: '/team' },
  { id: 'explore', title: 'Look around' },
];

function show(overrides: Partial<ChecklistViewProps> = {}, container?: HTMLElement) {
  const callbacks = { onToggle: vi.fn(), onTask: vi.fn(), onClose: vi.fn() };
  const props: ChecklistViewProps = {
    itemId: 'onboarding', tasks: TASKS, done: new Set(['profile']), expanded: true, strings, dir: 'ltr', lang: 'en',
    context: { locale: 'en', defaultLocale: 'en', lookup: () => undefined }, ...callbacks, ...overrides,
  };
  const view = render(<ChecklistView {...props} />, { container });
  const q = <T extends HTMLElement = HTMLElement>(selector: string) => view.container.querySelector<T>(selector);
  const section = q('[data-part=checklist]')!;
  const launcher = () => q<HTMLButtonElement>('[data-part=checklist-launcher]')!;
  const tasks = () => [...view.container.querySelectorAll<HTMLElement>('[data-part=checklist-task]')];
  return { ...view, ...callbacks, props, q, section, launcher, tasks };
}

afterEach(() => {
  act(() => cleanup());
  document.body.innerHTML = '';
});

describe('ChecklistView: launcher', () => {
  it('collapsed, the launcher is named by the title and the count, and controls nothing', () => {
    const { section, launcher, q } = show({ expanded: false });
    expect([section.dataset.part, section.dataset.item, section.dataset.state]).toEqual(['checklist', 'onboarding', 'closed']);
    expect([launcher().type, launcher().textContent, launcher().getAttribute('aria-expanded')]).toEqual(['button', 'Getting started · 1 of 4', 'false']);
    expect(launcher().hasAttribute('aria-controls')).toBe(false);
    expect(q('[data-part=checklist-panel]')).toBeNull();
  });

  it('expanded, the launcher controls the panel and is named by the title alone', () => {
    const { section, launcher, q } = show({ title: 'Set up Acme' });
    expect(section.dataset.state).toBe('open');
    expect([launcher().textContent, launcher().getAttribute('aria-expanded')]).toEqual(['Set up Acme', 'true']);
    expect(launcher().getAttribute('aria-controls')).toBe(q('[data-part=checklist-panel]')!.id);
    expect(document.getElementById(section.getAttribute('aria-labelledby')!)?.textContent).toBe('Set up Acme');
    expect([section.getAttribute('dir'), section.getAttribute('lang')]).toEqual(['ltr', 'en']);
  });

  it.each([true, false])('activating the launcher (expanded: %s) asks for a toggle once', (expanded) => {
    const { launcher, onToggle, onClose } = show({ expanded });
    fireEvent.click(launcher());
    expect(onToggle).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('the × in the panel is named "Close" and folds it to its launcher (a toggle, not a dismissal), focus on the launcher', () => {
    const { q, onClose, onToggle, launcher, section } = show({}, document.body.appendChild(document.createElement('div')));
    const close = q<HTMLButtonElement>('[data-part=close]')!;
    expect(close.getAttribute('aria-label')).toBe('Close');
    close.focus();
    fireEvent.click(close);
    expect(onToggle).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(launcher());
    expect(section.dataset.state).toBe('open'); // The runtime decides; this view only asked.
  });

  it('Escape inside the open panel folds it and returns focus to the launcher', () => {
    const { q, onClose, onToggle, launcher } = show({}, document.body.appendChild(document.createElement('div')));
    const task = q<HTMLButtonElement>('[data-part=task-button]')!;
    task.focus();
    fireEvent.keyDown(task, { key: 'Escape' });
    expect(onToggle).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(launcher());
  });

  it('hiding it for good is a worded button of its own that asks to close once', () => {
    const { q, onClose, onToggle } = show();
    const dismiss = q<HTMLButtonElement>('[data-part=checklist-panel] [data-action=dismiss]')!;
    expect([dismiss.type, dismiss.textContent]).toEqual(['button', 'Don’t show this checklist again']);
    fireEvent.click(dismiss);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onToggle).not.toHaveBeenCalled();
  });

  it('folds to its launcher while a tour step holds the stage', () => {
    const { section, launcher, q } = show({ staged: true });
    expect(section.dataset.state).toBe('closed');
    expect(launcher().getAttribute('aria-expanded')).toBe('false');
    expect(q('[data-part=checklist-panel]')).toBeNull();
  });
});

describe('ChecklistView: panel', () => {
  it('shows its progress as a progress bar with its values and a hidden text', () => {
    const { q } = show({ done: new Set(['profile', 'invite']) });
    const bar = q('[data-part=progress-bar]')!;
    expect(['role', 'aria-label', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext'].map((a) => bar.getAttribute(a))).toEqual(['progressbar', 'Getting started', '0', '4', '2', '2 of 4']);
    expect(q('[data-part=progress-fill]')!.style.width).toBe('50%');
    expect([q('[data-part=progress-text]')!.textContent, q('[data-part=progress-text]')!.getAttribute('aria-hidden')]).toEqual(['2 of 4', 'true']);
  });

  it('lists each task with its state; only a task to do that leads somewhere is a button', () => {
    const { tasks } = show({ done: new Set(['profile', 'tour']) });
    expect(tasks().map((li) => [li.dataset.task, li.dataset.state, li.querySelector('[data-part=task-button]')?.textContent ?? null, li.textContent])).toEqual([
      ['profile', 'done', null, '✓Fill in your profile (Done)'],
      ['tour', 'done', null, '✓Take the tourFive short steps. (Done)'],
      ['invite', 'todo', 'Invite a teammate', 'Invite a teammate'],
      ['explore', 'todo', null, 'Look around'],
    ]);
    expect(tasks().map((li) => li.querySelector('[data-part=check]')?.getAttribute('aria-hidden'))).toEqual(['true', 'true', 'true', 'true']);
  });

  it('a task button asks for its task once; its body describes it', () => {
    const { tasks, onTask } = show();
    const button = tasks()[1]!.querySelector<HTMLButtonElement>('[data-part=task-button]')!;
    expect(button.type).toBe('button');
    expect(document.getElementById(button.getAttribute('aria-describedby')!)?.textContent).toBe('Five short steps.');
    expect(tasks()[2]!.querySelector('[data-part=task-button]')!.hasAttribute('aria-describedby')).toBe(false);
    fireEvent.click(button);
    expect(onTask.mock.calls).toEqual([[TASKS[1]]]);
  });

  it('task titles follow the context\'s locale', () => {
    const { tasks } = show({ done: new Set(), context: { locale: 'es', defaultLocale: 'en', lookup: () => undefined } });
    expect(tasks()[0]!.textContent).toBe('Completa tu perfil');
  });

  it('uses only listed data-part names', () => {
    const { container } = show();
    const parts = new Set([...container.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part')!));
    // The launcher first: Tab goes from it into the panel it opened (CSS shows the panel above it).
    expect([...parts]).toEqual(['checklist', 'checklist-launcher', 'checklist-panel', 'close', 'title', 'progress', 'progress-bar', 'progress-fill', 'progress-text', 'checklist-tasks', 'checklist-task', 'check', 'visually-hidden', 'task-button', 'task-body', 'button']);
    expect([...parts].filter((p) => !(Object.values(PART) as string[]).includes(p))).toEqual([]);
  });
});

describe('ChecklistView in an arena', () => {
  /** A stand-in arena for the shadow root the checklist is drawn in: it records what is added. */
  function inArena() {
    const host = document.body.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'open' });
    const container = shadow.appendChild(document.createElement('div'));
    const added: Omit<Entry, 'seq'>[] = [];
    const arena: Arena = { add: (entry) => (added.push(entry), () => undefined), next: () => 1, blockers: () => [], request: () => undefined, refresh: vi.fn() };
    arenas.set(shadow, arena);
    return { container, added, arena };
  }

  it('a panel set aside folds; showing it again unfolds it without a toggle', () => {
    const { container, added } = inArena();
    const { section, launcher, onToggle } = show({}, container);
    expect(added.map((e) => [e.rank, e.docked])).toEqual([[PANEL, true]]);
    act(() => added[0]!.onWait!(true));
    expect([section.dataset.state, launcher().getAttribute('aria-expanded')]).toEqual(['closed', 'false']);
    fireEvent.click(launcher());
    expect([section.dataset.state, launcher().getAttribute('aria-expanded')]).toEqual(['open', 'true']);
    expect(onToggle).not.toHaveBeenCalled();
    // Opened by the person, it now outranks tips.
    expect(added.at(-1)!.rank).toBe(OPENED);
  });
});

describe('a collapsed checklist', () => {
  // Folded, the panel with its <h2> is not rendered: the section names itself, not by a reference to nothing.
  it("keeps an accessible name without pointing at an element that is not there", () => {
    const { section } = show({ expanded: false });
    const id = section.getAttribute('aria-labelledby');
    const dangling = id !== null && document.getElementById(id) === null;
    expect(dangling, `aria-labelledby="${id}" refers to no element`).toBe(false);
    expect(section.getAttribute('aria-label')).toBeTruthy();
  });
});

describe('ChecklistView: progress is said', () => {
  /**
   * The layer's live region (with words it said before), then the checklist drawn beside it, as
   * Layer.tsx draws them: announce() empties the region at once, so words still there after a
   * render mean it asked for nothing.
   */
  function withRegion(overrides: Partial<ChecklistViewProps> = {}) {
    const callbacks = { onToggle: vi.fn(), onTask: vi.fn(), onClose: vi.fn() };
    const props: ChecklistViewProps = {
      itemId: 'onboarding', tasks: TASKS, done: new Set(['profile']), expanded: true, strings, dir: 'ltr', lang: 'en',
      context: { locale: 'en', defaultLocale: 'en', lookup: () => undefined }, ...callbacks, ...overrides,
    };
    const draw = (more?: Partial<ChecklistViewProps>) => <><Announcer />{more && <ChecklistView {...props} {...more} />}</>;
    const view = render(draw());
    const region = view.container.querySelector<HTMLElement>('[data-part=announcer]')!;
    region.textContent = 'Said before';
    view.rerender(draw({}));
    const redraw = (more: Partial<ChecklistViewProps>) => view.rerender(draw(more));
    return { region, redraw };
  }

  it('a task done since the last render is said once, with the count now; the first render says nothing', async () => {
    const { region, redraw } = withRegion();
    expect(region.textContent).toBe('Said before');
    redraw({ done: new Set(['profile', 'invite']) });
    expect(region.textContent).toBe('');
    await vi.waitFor(() => expect(region.textContent).toBe('Invite a teammate: done, 2 of 4'));
    // The same tasks again (a new set, as every render brings): no news, nothing emptied or said.
    redraw({ done: new Set(['invite', 'profile']) });
    expect(region.textContent).toBe('Invite a teammate: done, 2 of 4');
  });

  it('folded to its launcher it still says it, in the reader\'s words and the task\'s language', async () => {
    const context = { locale: 'es', defaultLocale: 'en', lookup: () => undefined };
    const { region, redraw } = withRegion({ expanded: false, done: new Set(), context, strings: uiStringsMarked('es', { es }) });
    redraw({ done: new Set(['profile']) });
    await vi.waitFor(() => expect(region.textContent).toBe('Completa tu perfil: completada, 1 de 4'));
  });

  it('two tasks done at once are said together', async () => {
    const { region, redraw } = withRegion({ done: new Set() });
    redraw({ done: new Set(['profile', 'explore']) });
    await vi.waitFor(() => expect(region.textContent).toBe('Fill in your profile: done, 2 of 4 Look around: done, 2 of 4'));
  });
});
