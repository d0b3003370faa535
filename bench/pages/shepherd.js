// Shepherd.js 15.3 on the benchmark page, through its documented API (Tour, addStep, start,
// next, cancel). The tour has the modal overlay and the × button, like Guidepost's and
// Driver's. For the popovers, one single-step tour per anchor, all started: Shepherd shows
// one step per tour, and starting a tour does not close the others.
import Shepherd from '/vendor/shepherd/shepherd.mjs';
import { register, STEPS } from './common.js';

let tour = null;
let tips = [];

function makeTour() {
  const t = new Shepherd.Tour({ useModalOverlay: true, defaultStepOptions: { cancelIcon: { enabled: true }, scrollTo: false } });
  STEPS.forEach((s, i) => {
    const last = i === STEPS.length - 1;
    t.addStep({
      id: `step-${i}`,
      title: s.title,
      text: `${s.body} (${i + 1} of ${STEPS.length})`,
      attachTo: { element: s.selector, on: s.side },
      buttons: [
        ...(i > 0 ? [{ text: 'Back', classes: 'bench-back', secondary: true, action() { this.back(); } }] : []),
        { text: last ? 'Done' : 'Next', classes: 'bench-next', action() { if (last) this.complete(); else this.next(); } },
      ],
    });
  });
  return t;
}

const stepElement = (i) => document.querySelector(`.shepherd-element[data-shepherd-step-id="step-${i}"]`);

register({
  name: 'shepherd',
  initTour() {
    tour = makeTour();
    tour.start();
  },
  stepElement,
  clickNext: (i) => stepElement(i).querySelector('.bench-next').click(),
  clickClose: (i) => stepElement(i).querySelector('.shepherd-cancel-icon').click(),
  startAgain: () => tour.start(),
  showPopovers(anchors) {
    tips = anchors.map((a, i) => {
      const t = new Shepherd.Tour({ useModalOverlay: false, defaultStepOptions: { cancelIcon: { enabled: true }, scrollTo: false } });
      t.addStep({ id: `tip-${i}`, title: a.title, text: a.body, attachTo: { element: a.selector, on: a.side } });
      t.start();
      return t;
    });
    return anchors.length;
  },
  popoverElement: (i) => document.querySelector(`.shepherd-element[data-shepherd-step-id="tip-${i}"]`),
  popoverCount: () => document.querySelectorAll('.shepherd-element[data-shepherd-step-id^="tip-"]').length,
  hidePopovers() {
    for (const t of tips) t.cancel();
    tips = [];
  },
});
