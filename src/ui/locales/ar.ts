/** The SDK's own words in Arabic (the English original and its notes: ../strings.ts). */
import type { UiStrings } from '../strings';

export const strings: UiStrings = {
  close: 'إغلاق',
  help: 'مساعدة',
  announcement: 'إعلان',
  next: 'التالي',
  back: 'السابق',
  done: 'تم',
  skip: 'تخطي الجولة',
  stepOf: '{n} من {total}',
  tourProgress: 'تقدم الجولة',
  openTip: 'فتح التلميح',
  helpful: 'هل كان هذا مفيدًا؟',
  yes: 'نعم',
  no: 'لا',
  comment: 'أخبرنا المزيد (اختياري)',
  send: 'إرسال',
  thanks: 'شكرًا على ملاحظاتك!',
  checklist: 'البدء',
  goThere: 'خذني إلى هناك',
  tasksDone: '{n} من {total}',
  dismissChecklist: 'عدم إظهار قائمة المهام مجددًا',
  taskDone: '{task}: تم، {n} من {total}',
};
