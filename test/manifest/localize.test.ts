import { describe, expect, it } from 'vitest';
import { chooseLocale, isRightToLeft, pickText } from '../../src/manifest/localize';

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

describe('isRightToLeft', () => {
  it.each(['ar', 'ar-EG', 'he', 'he-IL', 'fa', 'fa-IR', 'ur', 'ur-PK', 'AR'])('%s is right to left', (tag) => {
    expect(isRightToLeft(tag)).toBe(true);
  });

  it.each(['en', 'es', 'zh-CN', 'ja', 'ru', 'tr', 'hi', 'arn', 'ha', 'fr-CA', ''])('%s is left to right', (tag) => {
    expect(isRightToLeft(tag)).toBe(false);
  });
});
