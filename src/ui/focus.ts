/** Focus helpers that see through shadow roots (document.activeElement stops at a host). */
import { standInFor } from './stand-in';

export function deepActiveElement(doc: Document): HTMLElement | null {
  let active = doc.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

/** What Tab reaches in `container` (a tour step). */
const focusables = (container: Element): HTMLElement[] => Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE));

/** Elements of a page's target looked at, at most: a hostile page's huge subtree is not walked. */
const MOST_PAGE_ELEMENTS = 2000;

/**
 * What Tab reaches in a page's `target`, itself included, in tree order: inside its components'
 * open shadow roots too (a design system's button), editable text, any tabindex of 0 or more;
 * only what is rendered and enabled.
 */
function pageFocusables(target: Element): HTMLElement[] {
  const found: HTMLElement[] = [];
  let seen = 0;
  const visit = (element: Element) => {
    if (++seen > MOST_PAGE_ELEMENTS) return;
    const el = element as HTMLElement;
    // Editable text is a tab stop at its editing host (its tabIndex may read -1).
    const editingHost = el.isContentEditable && !el.parentElement?.isContentEditable && el.getAttribute('tabindex') !== '-1';
    if ((el.tabIndex >= 0 || editingHost) && !el.matches(':disabled') && el.getClientRects().length > 0) found.push(el);
    // A component's own controls, then what the page slotted into it.
    if (el.shadowRoot) for (const child of el.shadowRoot.children) visit(child);
    for (const child of el.children) visit(child);
  };
  visit(target);
  return found;
}

/** Whether `inner` is `outer` or inside it, across shadow roots. */
export function containsDeep(outer: Element, inner: Node | null): boolean {
  for (let node = inner; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) if (node === outer) return true;
  return false;
}

/**
 * Keeps Tab and Shift+Tab inside `container` (a tour step). With `companion` (the target of a
 * step that lets the page through: the person acts on it), the cycle takes in what Tab reaches
 * there: from the step's last control to the target's first, and back (see `tabBackInto`).
 */
export function trapTab(event: KeyboardEvent, container: HTMLElement, companion?: Element) {
  if (event.key !== 'Tab') return;
  const focusable = focusables(container);
  if (focusable.length === 0) return;
  const page = companion ? pageFocusables(companion) : [];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const root = container.getRootNode() as Document | ShadowRoot;
  const active = root.activeElement;
  if (event.shiftKey && (active === first || active === container)) {
    event.preventDefault();
    (page[page.length - 1] ?? last).focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    (page[0] ?? first).focus();
  }
}

/**
 * The other half of `trapTab`'s cycle, for a key pressed in the page: Tab from the last control
 * of `companion`, or Shift+Tab from its first, goes back into the step `container`.
 */
export function tabBackInto(event: KeyboardEvent, container: HTMLElement, companion: Element) {
  if (event.key !== 'Tab' || event.defaultPrevented) return;
  const active = deepActiveElement(companion.ownerDocument);
  if (!active || !containsDeep(companion, active)) return;
  const page = pageFocusables(companion);
  const own = focusables(container);
  if (!own.length || active !== (event.shiftKey ? page[0] : page[page.length - 1])) return;
  event.preventDefault();
  own[event.shiftKey ? own.length - 1 : 0].focus();
}

/**
 * Per shadow root (a layer's, by its host: never shared between instances), the page element
 * focus last came from into it. A tour started from a checklist task gives focus back to the task;
 * when the tour's end completed the checklist, neither is there any more, and this is where the
 * person was before they opened the checklist.
 */
const enteredFrom = new WeakMap<ShadowRoot, HTMLElement>();

/**
 * Gives focus back as a surface that holds it goes: to `preferred` (what the surface points at)
 * while it is in the page, else to where focus last came into `shadow` from (the target went
 * with the app's re-render or route change), else nowhere: never a detached element, which
 * would leave focus on <body>.
 */
export function focusBackTo(preferred: Element | undefined, shadow: ShadowRoot | undefined): void {
  const outside = shadow && enteredFrom.get(shadow);
  const target = preferred?.isConnected ? preferred : outside?.isConnected ? outside : undefined;
  (target as HTMLElement | undefined)?.focus?.({ preventScroll: true });
}

/** Remembers where focus comes into `shadow` from, outside it (see `enteredFrom`). The listener goes with the root. */
export function trackFocusEntry(shadow: ShadowRoot): void {
  shadow.addEventListener('focusin', (event) => {
    const from = (event as FocusEvent).relatedTarget as HTMLElement | null;
    // From nowhere (a click on the page's background, then on a surface): the last place is no longer where the person was.
    if (!from) enteredFrom.delete(shadow);
    else if (typeof from.focus === 'function' && from.getRootNode() !== shadow && !shadow.host.contains(from)) enteredFrom.set(shadow, from);
  });
}

/**
 * Shows or hides `card` (its inline visibility) without losing the person's place: hiding blurs
 * what has focus in it to <body> (a popover whose target scrolled out of view), so that element is
 * focused again when the card shows, unless focus went somewhere else meanwhile. The focus given
 * back does not count as focus coming into the layer from the page (see `enteredFrom`).
 */
export function focusKeeper(card: HTMLElement): (hidden: boolean) => void {
  let held: HTMLElement | undefined;
  return (hidden) => {
    const doc = card.ownerDocument;
    const wasShown = card.style.visibility !== 'hidden';
    // Read before the write: the blur comes with the next style update.
    if (hidden && wasShown) {
      const active = deepActiveElement(doc);
      held = active && containsDeep(card, active) ? active : undefined;
    }
    card.style.visibility = hidden ? 'hidden' : 'visible';
    if (hidden || wasShown || !held) return;
    const back = held;
    held = undefined;
    const now = deepActiveElement(doc);
    if ((now && now !== doc.body) || !back.isConnected || !containsDeep(card, back)) return;
    const root = card.getRootNode();
    const shadow = root.nodeType === 11 ? (root as ShadowRoot) : undefined;
    const entered = shadow && enteredFrom.get(shadow);
    back.focus({ preventScroll: true });
    if (shadow && entered) enteredFrom.set(shadow, entered);
  };
}

const attr = (name: string, value: string) => `[${name}="${value.replace(/["\\]/g, '\\$&')}"]`;

/**
 * Where focus goes back to when something modal ends (a tour): `element`, or, when a re-render
 * replaced it (a checklist task that started the tour, redrawn meanwhile), what stands for it
 * now in the same root: the same part of the same task of the same item, the same part of the
 * item (its next task), its launcher, its first button. Tried at once, and again after the next
 * frame (the surface may redraw first) as long as focus has not gone somewhere of the person's own;
 * when the item is gone by then (the tour completed the checklist it started from), the page element
 * focus came into the layer from.
 */
export function focusReturn(element: HTMLElement | null): (layerGoing?: boolean, land?: boolean, unlaunched?: boolean) => void {
  if (!element) return () => undefined;
  const root = element.getRootNode() as Document | ShadowRoot;
  const doc = root.nodeType === 9 ? (root as Document) : (root as ShadowRoot).ownerDocument;
  // Focus came from nowhere (<body>: the app's code started the tour, not a control): nothing to
  // go back to. Where the tour ended, <body> is where the person was (a landing would make the
  // surfaces the tour held back step aside: yield-to-focus.ts). Where its step only waits, or the
  // layer goes (`unlaunched`), focus there fell to <body> without a word: it lands on the page.
  if (element === doc.body || element === doc.documentElement) return (_layerGoing, land, unlaunched) => void (land && unlaunched && landing(doc)?.focus());
  const item = element.closest('[data-item]')?.getAttribute('data-item');
  // A page element (the launcher of the tour) is described now, while it is in the page.
  const standIn = item ? undefined : standInFor(element);
  const task = element.closest('[data-task]')?.getAttribute('data-task');
  const part = element.getAttribute('data-part');
  const find = (): HTMLElement | null | undefined => {
    if (element.isConnected) return element;
    if (!item) return undefined;
    const within = attr('data-item', item);
    const q = (selector: string) => root.querySelector<HTMLElement>(selector);
    return (
      (task && part ? q(`${within} ${attr('data-task', task)} ${attr('data-part', part)}`) : null) ??
      (part ? q(`${within} ${attr('data-part', part)}`) : null) ??
      q(`${within} [aria-expanded]`) ??
      q(`${within} button`)
    );
  };
  // Where the person was before the layer, when the tour starts: later entries (a step that
  // advances on a click on its target) are the tour's own.
  const shadow = root.nodeType === 11 ? (root as ShadowRoot) : undefined;
  const outside = shadow && enteredFrom.get(shadow);
  // `land`: focus was in the tour's step, which went: where nothing stands for the launcher, it lands on the page (landing).
  return (layerGoing = false, land = false) => {
    // The layer is about to go (destroy()) with what focus came from in it (a checklist's task):
    // where the person was before the layer.
    if (layerGoing && shadow) return void (outside?.isConnected ? outside : land ? landing(doc) : null)?.focus();
    const now = find();
    if (now) return now.focus();
    // A page element that left: what stands there now (the app re-rendered it, or the next page
    // of a single-page app has it too: same id, same stable attribute, or same name and place;
    // stand-in.ts), else focus stays where it is, or lands on the page.
    if (standIn) return void (standIn() ?? (land ? landing(doc) : null))?.focus();
    doc?.defaultView?.requestAnimationFrame(() => {
      const active = deepActiveElement(doc);
      // Focus went somewhere of the person's own, or the layer is gone (destroy()).
      if ((active && active !== doc.body) || (shadow && !shadow.host.isConnected)) return;
      (find() ?? (outside?.isConnected ? outside : undefined))?.focus();
    });
  };
}

/**
 * Where focus lands when what started a tour is not on this page (the tour ended, or its step went
 * to wait, on another route of the app): its main landmark (else its first heading), focusable for
 * the moment (tabindex -1 until focus leaves it), so a screen reader says where the person is and
 * the next Tab starts there. Left on <body>, focus was lost without a word. None on a page
 * without either: Tab then starts at the top of the document.
 */
function landing(doc: Document): HTMLElement | null {
  const main = doc.querySelector<HTMLElement>('main,[role=main]') ?? doc.querySelector<HTMLElement>('h1');
  if (main && !main.hasAttribute('tabindex')) {
    main.tabIndex = -1;
    const restore = () => main.removeAttribute('tabindex');
    main.addEventListener('blur', restore, { once: true });
    // Focus did not take (a hidden <main>): no blur will come, so the page's markup is put back now.
    queueMicrotask(() => deepActiveElement(doc) !== main && (main.removeEventListener('blur', restore), restore()));
  }
  return main;
}

/**
 * Whether focus may be given back as a tour ends: it is in that tour's step (`step`), or nowhere
 * (`none`: on <body>, the step it was in just went). Focus the person put elsewhere (the target
 * they acted on, the page, another surface) stays there (WCAG 2.4.3).
 */
export function focusIsTours(doc: Document, tourId: string): 'step' | 'none' | undefined {
  const active = deepActiveElement(doc);
  if (!active || active === doc.body) return 'none';
  return active.closest('[data-part=tour-step]')?.getAttribute('data-item') === tourId ? 'step' : undefined;
}

/**
 * Per document, the tours whose step went away to wait (tours.ts) with focus in it, and where focus
 * was put meanwhile. Keyed by tour id: the TourStep that shows it again knows no more (two instances
 * running a tour of the same id on one page share an entry: at worst a step takes focus it would have left).
 */
const parked = new WeakMap<Document, Map<string, { at: Element | null; control?: StepControl }>>();

/** A control of a tour's step (its Next button): the step, its place among the step's controls, and what it is. */
export interface StepControl {
  step: number;
  index: number;
  key: string;
}

const controlKey = (el: Element) => `${el.getAttribute('data-part')}:${el.getAttribute('data-action')}`;

/** The control of tour `item`'s step that has focus now (not the step itself), read before the step goes. */
export function focusedControl(doc: Document, item: string): StepControl | undefined {
  const active = deepActiveElement(doc);
  const step = active?.closest<HTMLElement>('[data-part=tour-step]');
  if (!active || !step || step === active || step.getAttribute('data-item') !== item) return undefined;
  const index = focusables(step).indexOf(active);
  return index < 0 ? undefined : { step: Number(step.getAttribute('data-step')), index, key: controlKey(active) };
}

/**
 * Tour `item`'s step went to wait while it held focus (tours.ts): if focus is still nowhere (on
 * <body>), `giveBack` puts it where the tour started, and where it is then is remembered, with the
 * step's `control` that had it (focusStep).
 */
export function parkFocus(doc: Document, item: string, giveBack: () => void, control?: StepControl): void {
  if (focusIsTours(doc, item) !== 'none') return;
  giveBack();
  if (!parked.has(doc)) parked.set(doc, new Map());
  parked.get(doc)!.set(item, { at: deepActiveElement(doc), control });
}

/**
 * Forgets `item`'s parked focus, and tells whether its step (showing again) takes focus: yes, unless
 * it waited with focus parked and the person moved focus since (from where it was parked, or <body>).
 */
export function unparkFocus(doc: Document, item: string): boolean {
  const map = parked.get(doc);
  if (!map?.has(item)) return true;
  const at = map.get(item)?.at;
  map.delete(item);
  const now = deepActiveElement(doc);
  return !now || now === doc.body || now === at;
}

/**
 * Focus into tour `item`'s `step` (its number `n`) as it shows (TourStep.tsx), unless it waited with
 * focus parked and the person moved focus since (unparkFocus): onto the control that had it when the
 * same step went to wait (a keyboard user on Next stays on Next), else onto the step (its dialog is announced).
 */
export function focusStep(step: HTMLElement, item: string, n: number): void {
  const doc = step.ownerDocument;
  const control = parked.get(doc)?.get(item)?.control;
  if (!unparkFocus(doc, item)) return;
  const again = control?.step === n ? focusables(step)[control.index] : undefined;
  (again && controlKey(again) === control!.key ? again : step).focus({ preventScroll: true });
}
