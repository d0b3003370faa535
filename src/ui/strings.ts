/**
 * The few words the SDK itself shows (close, help, step counters). Writers' content is
 * localized in the manifest; these follow the same locale choice.
 */
import { chooseLocale } from '../manifest/localize';

export interface UiStrings {
  close: string;
  help: string;
  announcement: string;
}

const STRINGS: Record<string, UiStrings> = {
  en: { close: 'Close', help: 'Help', announcement: 'Announcement' },
  es: { close: 'Cerrar', help: 'Ayuda', announcement: 'Anuncio' },
  'zh-CN': { close: '关闭', help: '帮助', announcement: '公告' },
  sk: { close: 'Zavrieť', help: 'Pomocník', announcement: 'Oznámenie' },
  ru: { close: 'Закрыть', help: 'Справка', announcement: 'Объявление' },
  de: { close: 'Schließen', help: 'Hilfe', announcement: 'Ankündigung' },
  fr: { close: 'Fermer', help: 'Aide', announcement: 'Annonce' },
  ar: { close: 'إغلاق', help: 'مساعدة', announcement: 'إعلان' },
  he: { close: 'סגירה', help: 'עזרה', announcement: 'הודעה' },
};

export function uiStrings(locale: string): UiStrings {
  return STRINGS[chooseLocale(locale, Object.keys(STRINGS), 'en') ?? 'en'];
}
