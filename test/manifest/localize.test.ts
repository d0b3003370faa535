import { describe, expect, it } from 'vitest';
import { chooseLocale, isFilled, isRightToLeft, isTranslationFor, pickText, writing } from '../../src/manifest/localize';

const TEXT = { en: 'Save', es: 'Guardar', 'es-MX': 'Guardar (MX)', 'zh-CN': '保存', 'pt-BR': 'Salvar' };

describe('pickText', () => {
  it('returns a plain string as it is, for every locale, with no locale of its own', () => {
    expect(pickText('Save', 'ja', 'en')).toEqual({ text: 'Save', locale: '' });
  });

  it('returns nothing for no text', () => {
    expect(pickText(undefined, 'en', 'en')).toBeUndefined();
  });

  it('prefers the exact tag', () => {
    expect(pickText(TEXT, 'es-MX', 'en')).toEqual({ text: 'Guardar (MX)', locale: 'es-MX' });
    expect(pickText(TEXT, 'es', 'en')).toEqual({ text: 'Guardar', locale: 'es' });
  });

  it('compares tags case-insensitively', () => {
    expect(pickText(TEXT, 'ZH-cn', 'en')).toEqual({ text: '保存', locale: 'zh-CN' });
  });

  it('falls back from a region to its language: es-AR -> es', () => {
    expect(pickText(TEXT, 'es-AR', 'en')).toEqual({ text: 'Guardar', locale: 'es' });
  });

  it('prefers the bare language over another region of it: es-AR -> es, not es-MX', () => {
    expect(pickText({ 'es-MX': 'MX', es: 'ES' }, 'es-AR', 'en')).toEqual({ text: 'ES', locale: 'es' });
  });

  it('falls back to another region of the language: zh -> zh-CN, pt-PT -> pt-BR', () => {
    expect(pickText(TEXT, 'zh', 'en')).toEqual({ text: '保存', locale: 'zh-CN' });
    expect(pickText(TEXT, 'pt-PT', 'en')).toEqual({ text: 'Salvar', locale: 'pt-BR' });
  });

  it('falls back to defaultLocale when the language is missing', () => {
    expect(pickText(TEXT, 'fr', 'en')).toEqual({ text: 'Save', locale: 'en' });
    expect(pickText(TEXT, 'fr', 'es')).toEqual({ text: 'Guardar', locale: 'es' });
  });

  it('uses the default locale\'s language when the default has a region: en-GB -> en', () => {
    expect(pickText({ de: 'Speichern', en: 'Save' }, 'fr', 'en-GB')).toEqual({ text: 'Save', locale: 'en' });
  });

  it('falls back to the first text when neither the reader\'s nor the default locale exists', () => {
    expect(pickText({ de: 'Speichern', fr: 'Enregistrer' }, 'ja', 'en')).toEqual({ text: 'Speichern', locale: 'de' });
  });

  it('treats an empty translation as missing', () => {
    expect(pickText({ en: 'Save', es: '' }, 'es', 'en')).toEqual({ text: 'Save', locale: 'en' });
    expect(pickText({ en: '', es: '' }, 'es', 'en')).toBeUndefined();
  });

  it('returns nothing for an empty text map', () => {
    expect(pickText({}, 'en', 'en')).toBeUndefined();
  });
});

describe('chooseLocale', () => {
  it('follows exact tag -> language -> defaultLocale -> first', () => {
    expect(chooseLocale('es-MX', ['en', 'es', 'es-MX'], 'en')).toBe('es-MX');
    expect(chooseLocale('es-MX', ['en', 'es'], 'en')).toBe('es');
    expect(chooseLocale('es-MX', ['en', 'fr'], 'fr')).toBe('fr');
    expect(chooseLocale('es-MX', ['de', 'fr'], 'en')).toBe('de');
    expect(chooseLocale('es-MX', [], 'en')).toBeUndefined();
  });
});

describe('Chinese scripts, POSIX tags and blank translations', () => {
  it('a Traditional Chinese reader gets Traditional text before Simplified', () => {
    expect(chooseLocale('zh-Hant-TW', ['en', 'zh-CN', 'zh-TW'], 'en')).toBe('zh-TW');
    expect(chooseLocale('zh-Hant-TW', ['zh-CN', 'zh-Hant'], 'en')).toBe('zh-Hant');
    expect(chooseLocale('zh-TW', ['zh-CN', 'zh-Hant'], 'en')).toBe('zh-Hant');
    expect(chooseLocale('zh-HK', ['zh', 'zh-CN', 'zh-TW'], 'en')).toBe('zh-TW');
    // Only Simplified written: it is still Chinese, before the default language.
    expect(chooseLocale('zh-TW', ['en', 'zh-CN'], 'en')).toBe('zh-CN');
    // Simplified readers as before.
    expect(chooseLocale('zh', ['zh-TW', 'zh-CN'], 'en')).toBe('zh-CN');
    expect(chooseLocale('zh-SG', ['zh', 'zh-TW'], 'en')).toBe('zh');
  });

  it('other languages as before: exact, shorter, any of the language, then the default', () => {
    expect(chooseLocale('es-MX', ['es-ES', 'es', 'en'], 'en')).toBe('es');
    expect(chooseLocale('es-MX', ['en', 'es-ES'], 'en')).toBe('es-ES');
    expect(chooseLocale('fr', ['de', 'EN'], 'en')).toBe('EN');
    expect(chooseLocale('fr', ['de', 'it'], 'en')).toBe('de');
  });

  it('a POSIX locale ("pt_BR", from a back end) is read as its BCP 47 tag', () => {
    expect(chooseLocale('pt_BR', ['en', 'pt'], 'en')).toBe('pt');
    expect(pickText({ en: 'Save', 'de-DE': 'Speichern' }, 'de_DE', 'en')?.text).toBe('Speichern');
  });

  it('a translation of whitespace alone counts as not translated', () => {
    expect(pickText({ en: 'Save', pt: ' \u00a0' }, 'pt', 'en')).toEqual({ text: 'Save', locale: 'en' });
    expect(isFilled('\t')).toBe(false);
    expect(isFilled(' x ')).toBe(true);
  });

  it('a translation of invisible characters alone (zero-width space, joiners, soft hyphen, BOM) counts as not translated', () => {
    for (const text of ['\u200b', '\u200c\u200d', ' \u00ad ', '\ufeff', '\u2060\u2064', '\u3164']) expect(isFilled(text), JSON.stringify(text)).toBe(false);
    expect(pickText({ en: 'Save', pt: '\u200b' }, 'pt', 'en')).toEqual({ text: 'Save', locale: 'en' });
    expect(isFilled('\u200bx')).toBe(true);
  });

  it('writing: language and script, Chinese regions implying theirs', () => {
    expect(['zh', 'zh-CN', 'zh-TW', 'zh-Hant-TW', 'ZH_hk', 'sr-Latn', 'es-MX'].map(writing)).toEqual(['zh-hans', 'zh-hans', 'zh-hant', 'zh-hant', 'zh-hant', 'sr-latn', 'es-']);
  });

  it('isTranslationFor: what serves readers of a locale, for the writers\' checks', () => {
    expect(isTranslationFor('zh-Hant', 'zh-TW')).toBe(true);
    expect(isTranslationFor('zh-HK', 'zh-TW')).toBe(true);
    expect(isTranslationFor('zh-CN', 'zh-TW')).toBe(false);
    expect(isTranslationFor('zh', 'zh-TW')).toBe(false);
    expect(isTranslationFor('zh', 'zh-CN')).toBe(true);
    expect(isTranslationFor('zh-CN', 'zh')).toBe(true);
    expect(isTranslationFor('es', 'es-MX')).toBe(true);
    expect(isTranslationFor('es-ES', 'es-MX')).toBe(false);
    expect(isTranslationFor('PT', 'pt_BR')).toBe(true);
  });
});

describe('isRightToLeft', () => {
  it.each(['ar', 'ar-EG', 'he', 'he-IL', 'fa', 'fa-IR', 'ur', 'ur-PK', 'AR'])('%s is right to left', (tag) => {
    expect(isRightToLeft(tag)).toBe(true);
  });

  it.each(['en', 'es', 'zh-CN', 'ja', 'ru', 'tr', 'hi', 'arn', 'ha', 'fr-CA', ''])('%s is left to right', (tag) => {
    expect(isRightToLeft(tag)).toBe(false);
  });
});

describe('isRightToLeft: the script subtag decides', () => {
  it.each(['pa-Arab', 'pa-Arab-PK', 'ks-Arab', 'az-Arab', 'uz-Arab-AF', 'ms-Arab', 'ku-Arab', 'ff-Adlm', 'en-Hebr', 'und-Thaa', 'syr-Syrc', 'man-Nkoo', 'rhg-Rohg', 'myz-Mand', 'smp-Samr', 'men-Mend', 'ku-Yezi', 'ur-Aran', 'AZ_arab_IR', 'zh-yue-Arab'])('%s is right to left', (tag) => {
    expect(isRightToLeft(tag)).toBe(true);
  });

  it.each(['sd-Deva', 'sd-Deva-IN', 'ug-Cyrl', 'ar-Latn', 'he-Latn', 'fa-Cyrl', 'ks-Deva', 'pa-Guru-PK', 'uz-Latn-AF'])('%s is left to right', (tag) => {
    expect(isRightToLeft(tag)).toBe(false);
  });

  it('without one, the language\'s usual script decides', () => {
    expect(['pa', 'pa-IN', 'uz', 'az', 'ku', 'ms', 'kk', 'en-PK'].filter(isRightToLeft)).toEqual([]);
    expect(['sd', 'sd-PK', 'ug', 'ug-CN', 'ks', 'dv', 'yi', 'ckb', 'syr', 'nqo', 'rhg', 'prs', 'arz', 'ar-001'].every(isRightToLeft)).toBe(true);
  });

  it('extensions and private use are no script: "ar-u-nu-latn" is Arabic, "en-x-arab" English', () => {
    expect([isRightToLeft('ar-u-nu-latn'), isRightToLeft('ar-EG-u-nu-latn'), isRightToLeft('en-x-arab'), isRightToLeft('en-US-x-hebr')]).toEqual([true, true, false, false]);
  });
});
