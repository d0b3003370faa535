// Driver.js 1.8 on the benchmark page, through its documented API (driver({ steps }),
// drive(), moveNext(), highlight(), destroy()). `animate: false`: Driver otherwise animates
// the highlight before showing the popover, which would measure a deliberate animation
// rather than the library's work (Guidepost has no entry animation; Shepherd's fade-in is
// counted from its first frame, see common.js `placed`).
// Hotspots: Driver 1.8's own add-on for them, driver.js/hints (dist/hints.iife.js, window.driverHints:
// a pulsing beacon per element, a popover when one is clicked), loaded only when first asked for,
// so the tour measurements (and their byte counts) stay Driver's core alone.
import { register, STEPS } from './common.js';

const { driver } = window.driver.js;
let tour = null;
let tips = [];
let hints = null;
let hintsLoaded = null;

const load = (tag, attrs) => new Promise((resolve, reject) => {
  const node = Object.assign(document.createElement(tag), attrs, { onload: resolve, onerror: () => reject(new Error(`${attrs.src ?? attrs.href} did not load`)) });
  document.head.append(node);
});
const loadHints = () => (hintsLoaded ??= Promise.all([
  load('link', { rel: 'stylesheet', href: '/vendor/driver/hints.css' }),
  load('script', { src: '/vendor/driver/hints.iife.js' }),
]));

const titleOf = (popover) => popover?.querySelector('.driver-popover-title')?.textContent;
/** Driver reuses one popover element; it shows step i when its title is step i's. */
const stepElement = (i) => {
  const popover = document.querySelector('.driver-popover');
  return popover && titleOf(popover) === STEPS[i].title ? popover : null;
};

register({
  name: 'driver',
  initTour() {
    tour = driver({
      animate: false,
      showProgress: true,
      allowClose: true,
      steps: STEPS.map((s) => ({ element: s.selector, popover: { title: s.title, description: s.body, side: s.side, align: 'start' } })),
    });
    tour.drive();
  },
  stepElement,
  clickNext: (i) => stepElement(i).querySelector('.driver-popover-next-btn').click(),
  clickClose: (i) => stepElement(i).querySelector('.driver-popover-close-btn').click(),
  startAgain: () => tour.drive(),
  showPopovers(anchors) {
    // One driver instance per anchor, each highlighting its element.
    tips = anchors.map((a) => {
      const d = driver({ animate: false, allowClose: true });
      d.highlight({ element: a.selector, popover: { title: a.title, description: a.body, side: a.side, align: 'start' } });
      return d;
    });
    return anchors.length;
  },
  popoverElement: (i) => [...document.querySelectorAll('.driver-popover')].find((p) => titleOf(p) === `Tip ${i + 1}`) ?? null,
  popoverCount: () => document.querySelectorAll('.driver-popover').length,
  hidePopovers() {
    for (const d of tips) d.destroy();
    tips = [];
  },
  async showHotspots(anchors) {
    await loadHints();
    // One hints instance with a beacon per anchor, on the same side as Guidepost's hotspot; no popover open.
    hints = window.driverHints.hints({
      hints: anchors.map((a, i) => ({ id: `hint-${i}`, element: a.selector, beacon: { side: a.side, align: 'center' }, popover: { title: a.title, description: a.body, side: a.side } })),
    });
    hints.show();
    return anchors.length;
  },
  // Beacons are appended in the order of the hints (a hint whose element is missing gets none).
  hotspotElement: (i) => document.querySelectorAll('.driver-hint')[i] ?? null,
  hotspotCount: () => document.querySelectorAll('.driver-hint').length,
  hideHotspots() {
    hints?.hide();
    hints = null;
  },
});
