/** The SDK's own words in Slovak (the English original and its notes: ../strings.ts). */
import type { UiStrings } from '../strings';

export const strings: UiStrings = {
  close: 'Zavrieť',
  help: 'Pomocník',
  announcement: 'Oznámenie',
  next: 'Ďalej',
  back: 'Späť',
  done: 'Hotovo',
  skip: 'Preskočiť prehliadku',
  stepOf: '{n} z {total}',
  tourProgress: 'Priebeh prehliadky',
  openTip: 'Otvoriť tip',
  helpful: 'Pomohlo vám to?',
  yes: 'Áno',
  no: 'Nie',
  comment: 'Povedzte nám viac (nepovinné)',
  send: 'Odoslať',
  thanks: 'Ďakujeme za spätnú väzbu!',
  checklist: 'Začíname',
  goThere: 'Prejsť tam',
  tasksDone: '{n} z {total}',
  dismissChecklist: 'Zoznam už nezobrazovať',
  taskDone: '{task}: hotovo, {n} z {total}',
};
