/**
 * A tour step that lets the page through to its target (`allowClicksThrough`), in Chromium with
 * real keys: it asks the person to act on the page ("Create a project", advancing on an event),
 * so a keyboard user must reach the target as a mouse user clicks it. The step is not modal
 * there; Tab goes from its last control into the target and from the target's last control back
 * into the step (Shift+Tab the other way); acting on the target by keyboard moves the tour on.
 * A step that does not let the page through still keeps Tab inside (a modal dialog).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { attrNow, deepFocus, openOwnPage, tourStep, useLab } from '../support/surfaces-lab';

const lab = useLab();

const manifest = {
  schemaVersion: 1,
  revision: 'through',
  items: [
    {
      id: 'create',
      type: 'tour',
      trigger: 'manual',
      steps: [
        { target: '#new-project', title: 'Name your project', body: 'Type a name and press Create.', advanceOn: { event: 'project_created' }, allowClicksThrough: true },
        { target: '#list', title: 'Your projects', body: 'It is here.' },
      ],
    },
    { id: 'closed', type: 'tour', trigger: 'manual', steps: [{ target: '#new-project', title: 'Look', body: 'Only look.' }, { target: '#list', title: 'Two', body: 'Two.' }] },
    // A design system's button (its <button> in the component's shadow root) and editable text.
    { id: 'component', type: 'tour', trigger: 'manual', steps: [{ target: 'x-button', title: 'Publish', body: 'Press it.', advanceOn: { click: true } }, { target: '#list', title: 'Two', body: 'Two.' }] },
    { id: 'editor', type: 'tour', trigger: 'manual', steps: [{ target: '#composer', title: 'Write', body: 'Type a note.', advanceOn: { event: 'noted' }, allowClicksThrough: true }, { target: '#list', title: 'Two', body: 'Two.' }] },
  ],
};

const open = () =>
  openOwnPage(lab, '/through', {
    manifest,
    body: `<header><a id="home" href="#">Home</a></header>
<main><form id="new-project"><label>Name <input id="name"></label> <button id="create-button" type="submit">Create</button></form>
<ul id="list"><li>First project</li></ul><x-button></x-button><div id="composer" contenteditable="true">Note</div><button id="after">After</button></main>`,
    script: `document.getElementById('new-project').addEventListener('submit', (event) => { event.preventDefault(); window.gp.track('project_created'); });
customElements.define('x-button', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<button id="inner">Publish</button>'; } });`,
  });

const startTour = (page: Page, id: string) => page.evaluate((tour) => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour(tour), id);

/** Presses Tab (or Shift+Tab) until focus is on `id` in the page, at most `max` times; the presses it took. */
async function tabTo(page: Page, id: string, shift = false, max = 8): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    if ((await deepFocus(page)).id === id) return presses;
  }
  throw new Error(`focus never reached #${id}: it is on ${JSON.stringify(await deepFocus(page))}`);
}

/** The tag and id of the element that has focus, through shadow roots. */
const focusedElement = (page: Page) => deepFocus(page).then((f) => `${f.tag}#${f.id ?? ''}`);

describe('a step that lets the page through to its target', () => {
  it('is not modal, and Tab cycles from the step into the target and back', async () => {
    const { page, context, errors } = await open();
    await startTour(page, 'create');
    const step = tourStep(page, 'create');
    await step.waitFor();
    await expect.poll(() => deepFocus(page).then((f) => f.part)).toBe('tour-step');
    expect(await attrNow(step, 'aria-modal')).toBeNull();
    // From the step, forward: its controls, then the target's field and button.
    await tabTo(page, 'name');
    await page.keyboard.press('Tab');
    expect((await deepFocus(page)).id).toBe('create-button');
    // Past the target's last control: back into the step (not on to the page after it).
    await page.keyboard.press('Tab');
    expect(await deepFocus(page)).toMatchObject({ within: 'tour-step', part: 'close' });
    // Shift+Tab from the step's first control: the target's last.
    await page.keyboard.press('Shift+Tab');
    expect((await deepFocus(page)).id).toBe('create-button');
    await page.keyboard.press('Shift+Tab');
    expect((await deepFocus(page)).id).toBe('name');
    // Shift+Tab from the target's first control: the step's last.
    await page.keyboard.press('Shift+Tab');
    expect((await deepFocus(page)).within).toBe('tour-step');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('what the step asks for, done with the keyboard, moves the tour on and focus into the next step', async () => {
    const { page, context, errors } = await open();
    await startTour(page, 'create');
    const step = tourStep(page, 'create');
    await step.waitFor();
    await tabTo(page, 'name');
    await page.keyboard.type('Roadmap');
    await page.keyboard.press('Enter');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await expect.poll(() => deepFocus(page).then((f) => f.part)).toBe('tour-step');
    // The next step does not let the page through: modal again.
    expect(await attrNow(step, 'aria-modal')).toBe('true');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reaches a control inside the target's own shadow root (a component) and editable text", async () => {
    const { page, context, errors } = await open();
    for (const [tour, reached] of [['component', 'button#inner'], ['editor', 'div#composer']] as const) {
      await startTour(page, tour);
      const step = tourStep(page, tour);
      await step.waitFor();
      await expect.poll(() => deepFocus(page).then((f) => f.part)).toBe('tour-step');
      let landed = '';
      for (let i = 0; i < 6 && landed !== reached; i++) {
        await page.keyboard.press('Tab');
        landed = await focusedElement(page);
      }
      expect(landed).toBe(reached);
      // And back into the step from there.
      await page.keyboard.press('Tab');
      expect((await deepFocus(page)).within).toBe('tour-step');
      await page.keyboard.press('Escape');
      await step.waitFor({ state: 'detached' });
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Escape while focus is in the target is the page\'s (its menu, its autocomplete): the tour stays', async () => {
    const { page, context } = await open();
    await startTour(page, 'create');
    const step = tourStep(page, 'create');
    await step.waitFor();
    await tabTo(page, 'name');
    const escapes = await page.evaluate(() => {
      const seen = { count: 0 };
      document.getElementById('name')!.addEventListener('keydown', (event) => event.key === 'Escape' && seen.count++);
      (window as unknown as { seen: typeof seen }).seen = seen;
      return seen.count;
    });
    expect(escapes).toBe(0);
    await page.keyboard.press('Escape');
    // The page heard it (a positive signal it was handled), and the step is still there.
    await expect.poll(() => page.evaluate(() => (window as unknown as { seen: { count: number } }).seen.count)).toBe(1);
    expect(await step.count()).toBe(1);
    expect((await deepFocus(page)).id).toBe('name');
    await context.close();
  });

  it('a step that keeps the page out stays modal: Tab never leaves it', async () => {
    const { page, context } = await open();
    await startTour(page, 'closed');
    const step = tourStep(page, 'closed');
    await step.waitFor();
    expect(await attrNow(step, 'aria-modal')).toBe('true');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect((await deepFocus(page)).within).toBe('tour-step');
    }
    await context.close();
  });
});
