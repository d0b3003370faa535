/** The SDK's own words in Hebrew (the English original and its notes: ../strings.ts). */
import type { UiStrings } from '../strings';

export const strings: UiStrings = {
  close: 'סגירה',
  help: 'עזרה',
  announcement: 'הודעה',
  next: 'הבא',
  back: 'הקודם',
  done: 'סיום',
  skip: 'דילוג על הסיור',
  stepOf: '{n} מתוך {total}',
  tourProgress: 'התקדמות הסיור',
  openTip: 'פתיחת טיפ',
  helpful: 'האם זה עזר?',
  yes: 'כן',
  no: 'לא',
  comment: 'ספרו לנו עוד (לא חובה)',
  send: 'שליחה',
  thanks: 'תודה על המשוב!',
  checklist: 'תחילת העבודה',
  goThere: 'קחו אותי לשם',
  tasksDone: '{n} מתוך {total}',
  dismissChecklist: 'לא להציג שוב את רשימת המשימות',
  taskDone: '{task}: בוצע, {n} מתוך {total}',
};
