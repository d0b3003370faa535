/** The SDK's own words in German (the English original and its notes: ../strings.ts). */
import type { UiStrings } from '../strings';

export const strings: UiStrings = {
  close: 'Schließen',
  help: 'Hilfe',
  announcement: 'Ankündigung',
  next: 'Weiter',
  back: 'Zurück',
  done: 'Fertig',
  skip: 'Tour überspringen',
  stepOf: '{n} von {total}',
  tourProgress: 'Fortschritt der Tour',
  openTip: 'Tipp öffnen',
  helpful: 'War das hilfreich?',
  yes: 'Ja',
  no: 'Nein',
  comment: 'Mehr erzählen (optional)',
  send: 'Senden',
  thanks: 'Danke für Ihr Feedback!',
  checklist: 'Erste Schritte',
  goThere: 'Dorthin gehen',
  tasksDone: '{n} von {total}',
  dismissChecklist: 'Checkliste nicht mehr zeigen',
  taskDone: '{task}: erledigt, {n} von {total}',
};
