// Driver.js 1.8 on the benchmark page, through its documented API (driver({ steps }),
// drive(), moveNext(), highlight(), destroy()). `animate: false`: Driver otherwise animates
// the highlight before showing the popover, which would measure a deliberate animation
// rather than the library's work (Guidepost has no entry animation; Shepherd's fade-in is
// counted from its first frame, see common.js `placed`).
import { register, STEPS } from './common.js';

const { driver } = window.driver.js;
let tour = null;
let tips = [];

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
});
