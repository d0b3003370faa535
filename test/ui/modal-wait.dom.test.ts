/**
 * src/ui/modal-wait.ts, its rules without a browser (the dialog is passed in, as the layer's
 * parent would give it; in Chromium: render-surfaces-host-dialog.browser.test.ts): nothing waits
 * without a modal dialog; a step on a target inside it shows, one behind it waits; a step with no
 * target waits unless a card of its tour was on screen in that dialog while it stayed open; focus
 * left on <body> by a step that went to wait goes to the control the tour last pointed at in the dialog.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Item } from '../../src/manifest/schema';
import { createModalWait } from '../../src/ui/modal-wait';
import type { Surface } from '../../src/ui/surface';

const tour = (id: string, reference?: Element): Surface => ({
  item: { id, type: 'tour', steps: [{ title: 'A' }] } as unknown as Item,
  reference,
  tour: { step: 0, total: 1, allowClicksThrough: false, feedback: false },
});

function page() {
  document.body.innerHTML = '<button id="outside">Outside</button><dialog id="d" open><button id="inside">Inside</button></dialog>';
  const get = (id: string) => document.getElementById(id)!;
  return { dialog: get('d'), inside: get('inside'), outside: get('outside') };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('createModalWait', () => {
  it('without a modal dialog nothing waits', () => {
    const { outside } = page();
    expect([...createModalWait().waiting([tour('t', outside), tour('c')], null)]).toEqual([]);
  });

  it('a step on a target inside the dialog shows; one behind it waits; a tooltip is not its concern', () => {
    const { dialog, inside, outside } = page();
    const tip: Surface = { item: { id: 'tip', type: 'tooltip' } as unknown as Item, reference: outside };
    expect([...createModalWait().waiting([tour('in', inside), tour('behind', outside), tip], dialog)]).toEqual(['behind']);
  });

  it('a step with no target waits, unless its tour had a card on screen in that dialog; closed, the dialog forgets', () => {
    const { dialog, inside } = page();
    const wait = createModalWait();
    expect([...wait.waiting([tour('t')], dialog)]).toEqual(['t']);
    // The tour's step on the dialog's control, then its centered step: it goes on there.
    expect([...wait.waiting([tour('t', inside)], dialog)]).toEqual([]);
    expect([...wait.waiting([tour('t')], dialog)]).toEqual([]);
    // Another tour was never in it.
    expect([...wait.waiting([tour('t'), tour('other')], dialog)]).toEqual(['other']);
    dialog.removeAttribute('open');
    wait.waiting([], null);
    dialog.setAttribute('open', '');
    expect([...wait.waiting([tour('t')], dialog)]).toEqual(['t']);
  });

  it('focus a step left on <body> as it went to wait goes to the control the tour last pointed at in the dialog; focus elsewhere stays', () => {
    const { dialog, inside, outside } = page();
    const wait = createModalWait();
    wait.waiting([tour('t', inside)], dialog);
    // The next step is looked for (no surface), then points behind the dialog.
    wait.waiting([], dialog);
    wait.waiting([tour('t', outside)], dialog);
    (document.activeElement as HTMLElement | null)?.blur();
    wait.land(document);
    expect(document.activeElement).toBe(inside);
    // Still waiting at the next drawing: focus is not taken again.
    outside.focus();
    outside.blur();
    wait.waiting([tour('t', outside)], dialog);
    wait.land(document);
    expect(document.activeElement).toBe(document.body);
  });
});
