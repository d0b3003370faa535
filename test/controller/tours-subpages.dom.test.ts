/**
 * A tour through a page and a page below it (steps on "/projects", "/projects/42", "/projects"):
 * the page below is the second step's only, so Next and Back from it take the person to
 * "/projects" and show the step they lead to (the prefix rule alone counted "/projects/42" as
 * "/projects": Back hid the card and brought the same step back, Next ended the tour unseen).
 * A step on "/board" still shows on "/board/7" when no step lives there (tour-runner.dom.test.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostEvent } from '../../src/index';

const manifest = {
  schemaVersion: 1,
  revision: 'r1',
  items: [{ id: 'projects-tour', type: 'tour', steps: [
    { route: '/projects', target: '#new-project', title: 'Projects' },
    { route: '/projects/42', target: '#tasks', title: 'A project' },
    { route: '/projects', target: '#filter', title: 'Back on the list' },
  ] }],
};

const step = () => document.querySelector('guidepost-root')?.shadowRoot?.querySelector<HTMLElement>('[data-part=tour-step]') ?? null;
const button = (action: string) => step()?.querySelector<HTMLButtonElement>(`[data-action=${action}]`) ?? null;

/** The app's screens: the list on /projects, a project's tasks below it. */
function render() {
  const app = document.getElementById('app') ?? document.body.appendChild(Object.assign(document.createElement('div'), { id: 'app' }));
  app.innerHTML = location.pathname === '/projects' ? '<button id="new-project">New</button><input id="filter">' : '<ul id="tasks"><li>Task</li></ul>';
}

let live: Guidepost | undefined;
afterEach(() => {
  live?.destroy();
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

async function atProjectPage() {
  history.replaceState({}, '', '/projects');
  render();
  const events: GuidepostEvent[] = [];
  const navigate = vi.fn((path: string) => {
    history.pushState({}, '', path);
    render();
  });
  const gp = (live = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), targetTimeoutMs: 200, navigate, onEvent: (e) => events.push(e) }));
  await gp.start();
  gp.startTour('projects-tour');
  await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
  button('next')!.click();
  expect(navigate).toHaveBeenLastCalledWith('/projects/42');
  await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
  navigate.mockClear();
  return { gp, navigate, events };
}

describe('a tour from a page below another back to it', () => {
  it('Next from the page below takes the person to the parent page and shows the last step there', async () => {
    const { gp, navigate, events } = await atProjectPage();
    button('next')!.click();
    expect(navigate).toHaveBeenCalledWith('/projects');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('2'));
    expect(gp.explain('projects-tour')?.shown).toBe(true);
    expect(events.some((e) => e.type === 'dismissed')).toBe(false);
  });

  it('Back from the page below takes the person to the parent page and shows the step before', async () => {
    const { navigate } = await atProjectPage();
    button('back')!.click();
    expect(navigate).toHaveBeenCalledWith('/projects');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
  });
});
