/**
 * The few words the SDK itself shows (buttons, counters, labels). Writers' content is
 * localized in the manifest; these follow the same locale choice.
 */
import { chooseLocale } from '../manifest/localize';

export interface UiStrings {
  close: string;
  help: string;
  announcement: string;
  next: string;
  back: string;
  done: string;
  skip: string;
  /** "{n} of {total}" */
  stepOf: string;
  tourProgress: string;
  openTip: string;
  helpful: string;
  yes: string;
  no: string;
  comment: string;
  send: string;
  thanks: string;
  checklist: string;
  /** A tour step's button that takes the person to the page the step leads to. */
  goThere: string;
  /** A checklist's count of done tasks, "{n} of {total}" (not "step n": zh-CN words them differently). */
  tasksDone: string;
}

const STRINGS: Record<string, UiStrings> = {
  en: { close: 'Close', help: 'Help', announcement: 'Announcement', next: 'Next', back: 'Back', done: 'Done', skip: 'Skip tour', stepOf: '{n} of {total}', tourProgress: 'Tour progress', openTip: 'Open tip', helpful: 'Was this helpful?', yes: 'Yes', no: 'No', comment: 'Tell us more (optional)', send: 'Send', thanks: 'Thanks for your feedback!', checklist: 'Getting started', goThere: 'Take me there', tasksDone: '{n} of {total}' },
  es: { close: 'Cerrar', help: 'Ayuda', announcement: 'Anuncio', next: 'Siguiente', back: 'Atrás', done: 'Listo', skip: 'Saltar recorrido', stepOf: '{n} de {total}', tourProgress: 'Progreso del recorrido', openTip: 'Abrir consejo', helpful: '¿Te resultó útil?', yes: 'Sí', no: 'No', comment: 'Cuéntanos más (opcional)', send: 'Enviar', thanks: '¡Gracias por tu opinión!', checklist: 'Primeros pasos', goThere: 'Llévame allí', tasksDone: '{n} de {total}' },
  'zh-CN': { close: '关闭', help: '帮助', announcement: '公告', next: '下一步', back: '上一步', done: '完成', skip: '跳过导览', stepOf: '第 {n} 步，共 {total} 步', tourProgress: '导览进度', openTip: '打开提示', helpful: '这有帮助吗？', yes: '是', no: '否', comment: '补充说明（可选）', send: '发送', thanks: '感谢您的反馈！', checklist: '入门指南', goThere: '带我去', tasksDone: '已完成 {n}/{total}' },
  sk: { close: 'Zavrieť', help: 'Pomocník', announcement: 'Oznámenie', next: 'Ďalej', back: 'Späť', done: 'Hotovo', skip: 'Preskočiť prehliadku', stepOf: '{n} z {total}', tourProgress: 'Priebeh prehliadky', openTip: 'Otvoriť tip', helpful: 'Pomohlo vám to?', yes: 'Áno', no: 'Nie', comment: 'Povedzte nám viac (nepovinné)', send: 'Odoslať', thanks: 'Ďakujeme za spätnú väzbu!', checklist: 'Začíname', goThere: 'Prejsť tam', tasksDone: '{n} z {total}' },
  ru: { close: 'Закрыть', help: 'Справка', announcement: 'Объявление', next: 'Далее', back: 'Назад', done: 'Готово', skip: 'Пропустить тур', stepOf: '{n} из {total}', tourProgress: 'Ход тура', openTip: 'Открыть подсказку', helpful: 'Это было полезно?', yes: 'Да', no: 'Нет', comment: 'Расскажите подробнее (необязательно)', send: 'Отправить', thanks: 'Спасибо за отзыв!', checklist: 'Начало работы', goThere: 'Перейти', tasksDone: '{n} из {total}' },
  de: { close: 'Schließen', help: 'Hilfe', announcement: 'Ankündigung', next: 'Weiter', back: 'Zurück', done: 'Fertig', skip: 'Tour überspringen', stepOf: '{n} von {total}', tourProgress: 'Fortschritt der Tour', openTip: 'Tipp öffnen', helpful: 'War das hilfreich?', yes: 'Ja', no: 'Nein', comment: 'Mehr erzählen (optional)', send: 'Senden', thanks: 'Danke für Ihr Feedback!', checklist: 'Erste Schritte', goThere: 'Dorthin gehen', tasksDone: '{n} von {total}' },
  fr: { close: 'Fermer', help: 'Aide', announcement: 'Annonce', next: 'Suivant', back: 'Retour', done: 'Terminé', skip: 'Passer la visite', stepOf: '{n} sur {total}', tourProgress: 'Progression de la visite', openTip: 'Ouvrir l’astuce', helpful: 'Cela vous a-t-il aidé ?', yes: 'Oui', no: 'Non', comment: 'Dites-nous en plus (facultatif)', send: 'Envoyer', thanks: 'Merci pour votre avis !', checklist: 'Premiers pas', goThere: 'M’y emmener', tasksDone: '{n} sur {total}' },
  ar: { close: 'إغلاق', help: 'مساعدة', announcement: 'إعلان', next: 'التالي', back: 'السابق', done: 'تم', skip: 'تخطي الجولة', stepOf: '{n} من {total}', tourProgress: 'تقدم الجولة', openTip: 'فتح التلميح', helpful: 'هل كان هذا مفيدًا؟', yes: 'نعم', no: 'لا', comment: 'أخبرنا المزيد (اختياري)', send: 'إرسال', thanks: 'شكرًا على ملاحظاتك!', checklist: 'البدء', goThere: 'خذني إلى هناك', tasksDone: '{n} من {total}' },
  he: { close: 'סגירה', help: 'עזרה', announcement: 'הודעה', next: 'הבא', back: 'הקודם', done: 'סיום', skip: 'דילוג על הסיור', stepOf: '{n} מתוך {total}', tourProgress: 'התקדמות הסיור', openTip: 'פתיחת טיפ', helpful: 'האם זה עזר?', yes: 'כן', no: 'לא', comment: 'ספרו לנו עוד (לא חובה)', send: 'שליחה', thanks: 'תודה על המשוב!', checklist: 'תחילת העבודה', goThere: 'קחו אותי לשם', tasksDone: '{n} מתוך {total}' },
};

export function uiStrings(locale: string): UiStrings {
  return STRINGS[chooseLocale(locale, Object.keys(STRINGS), 'en') ?? 'en'];
}

/** Fills "{n} of {total}". */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
