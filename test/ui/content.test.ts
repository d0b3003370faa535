/**
 * src/ui/content.ts: what a surface shows, resolved for the reader. localize() picks a text as
 * manifest texts are picked (exact tag, language, default); resolveContent() fills a title's
 * variables without parsing Markdown, parses the body into rich-text blocks, labels buttons (the
 * last one primary), keeps only images with a safe URL, and says which language (`lang`) and
 * direction (`dir`) the text is written in. Junk a compiled manifest may carry (wrong types,
 * prototype keys, unsafe URLs, huge texts) never becomes markup or a crash of the whole surface.
 */
import { describe, expect, it } from 'vitest';
import type { Button, Item } from '../../src/manifest/schema';
import { localize, resolveContent, type ContentContext } from '../../src/ui/content';

const ctx = (extra: Partial<ContentContext> = {}): ContentContext => ({ locale: 'en', defaultLocale: 'en', lookup: () => undefined, ...extra });
type Source = Pick<Item, 'title' | 'body' | 'buttons' | 'image'>;
const source = (fields: Record<string, unknown>) => fields as unknown as Source;
const btn = (label: unknown, action: Button['action'] = 'dismiss') => ({ label, action }) as unknown as Button;

describe('localize', () => {
  it('a plain string is taken as it is, written in no particular tag', () => {
    expect(localize('Save', ctx({ locale: 'de' }))).toEqual({ text: 'Save', locale: '' });
  });

  it('picks the exact tag, then the language, then any tag of the language, then the default locale', () => {
    const text = { en: 'Save', es: 'Guardar', 'es-MX': 'Guardar MX', 'zh-CN': '保存' };
    expect(localize(text, ctx({ locale: 'es-MX' }))).toEqual({ text: 'Guardar MX', locale: 'es-MX' });
    expect(localize(text, ctx({ locale: 'es-AR' }))).toEqual({ text: 'Guardar', locale: 'es' });
    expect(localize(text, ctx({ locale: 'zh-TW' }))).toEqual({ text: '保存', locale: 'zh-CN' });
    expect(localize(text, ctx({ locale: 'ja', defaultLocale: 'es' }))).toEqual({ text: 'Guardar', locale: 'es' });
  });

  it('an empty translation counts as missing: the reader gets the next best language, not a blank', () => {
    expect(localize({ en: 'Save', de: '' }, ctx({ locale: 'de' }))).toEqual({ text: 'Save', locale: 'en' });
  });

  it('nothing, or junk that is not a text, has no text', () => {
    for (const junk of [undefined, null, 42, true, [], {}, { de: 7 }, { de: null }]) {
      expect(localize(junk as never, ctx({ locale: 'de' }))).toBeUndefined();
    }
  });
});

describe('resolveContent: titles and bodies', () => {
  it('fills variables into the title and keeps Markdown markers and angle brackets as written text', () => {
    const lookup = (path: string) => (path === 'user.traits.firstName' ? 'Ada' : undefined);
    const content = resolveContent(source({ title: 'Hi **{{user.traits.firstName|there}}** <b>' }), ctx({ lookup }));
    expect(content.title).toBe('Hi **Ada** <b>');
  });

  it('in right-to-left text, a value from the page is isolated (FSI…PDI) so it reads as written; left-to-right text is untouched', () => {
    const lookup = (path: string) => (path === 'user.traits.firstName' ? 'C++' : undefined);
    const rtl = resolveContent(source({ title: { ar: 'مرحبا {{user.traits.firstName}}!' }, body: { ar: 'أهلا {{user.traits.firstName}} و{{user.traits.none|صديق}}' } }), ctx({ locale: 'ar', lookup }));
    expect(rtl.title).toBe('مرحبا \u2068C++\u2069!');
    expect(rtl.body).toEqual([{ kind: 'p', children: ['أهلا \u2068C++\u2069 وصديق'] }]);
    expect(rtl.dir).toBe('rtl');
    expect(resolveContent(source({ title: 'Hi {{user.traits.firstName}}' }), ctx({ lookup })).title).toBe('Hi C++');
  });

  it('a title in another language than the body carries its own lang and dir; one in the same language does not', () => {
    const mixed = resolveContent(source({ title: { en: 'Export', ar: 'تصدير CSV!' }, body: { en: 'Download your data.' } }), ctx({ locale: 'ar' }));
    expect([mixed.lang, mixed.dir, mixed.titleLang]).toEqual(['en', 'ltr', { lang: 'ar', dir: 'rtl' }]);
    const same = resolveContent(source({ title: { ar: 'تصدير' }, body: { ar: 'نص' } }), ctx({ locale: 'ar' }));
    expect(same.titleLang).toBeUndefined();
    expect(resolveContent(source({ title: 'Plain', body: { ar: 'نص' } }), ctx({ locale: 'ar' })).titleLang).toBeUndefined();
  });

  it('a variable that has no value takes its fallback; a value is never parsed as Markdown', () => {
    expect(resolveContent(source({ title: 'Hi {{user.traits.firstName|there}}' }), ctx()).title).toBe('Hi there');
    const lookup = () => '_[x](javascript:alert(1))_';
    const content = resolveContent(source({ body: 'Hi {{user.traits.name}}' }), ctx({ lookup }));
    expect(content.body).toEqual([{ kind: 'p', children: ['Hi _[x](javascript:alert(1))_'] }]);
  });

  it('a lookup that throws, or a path into prototypes, falls back instead of failing the surface', () => {
    const lookup = () => {
      throw new Error('boom');
    };
    expect(resolveContent(source({ title: 'Hi {{user.name|you}}' }), ctx({ lookup })).title).toBe('Hi you');
    const probe = (path: string) => (path.includes('constructor') ? 'LEAK' : undefined);
    expect(resolveContent(source({ title: '{{user.constructor.name|safe}}' }), ctx({ lookup: probe })).title).toBe('safe');
  });

  it('parses the body into rich-text blocks: text stays text, unsafe links are not links', () => {
    const content = resolveContent(source({ body: 'Read **this** <script>x</script>\n\n- [docs](https://example.com)\n- [bad](javascript:alert(1))' }), ctx());
    expect(content.body![0]).toEqual({ kind: 'p', children: ['Read ', { kind: 'strong', children: ['this'] }, ' <script>x</script>'] });
    expect(content.body![1]).toMatchObject({ kind: 'ul', items: [[{ kind: 'link', href: 'https://example.com', children: ['docs'] }], expect.anything()] });
    expect(JSON.stringify(content.body![1])).not.toContain('"href":"javascript:');
  });

  it('without a title or body, or with junk in their place, there is none (not "undefined", not an empty block)', () => {
    const content = resolveContent(source({}), ctx());
    expect([content.title, content.body, content.image]).toEqual([undefined, undefined, undefined]);
    const junk = resolveContent(source({ title: 12, body: { en: ['x'] } }), ctx());
    expect([junk.title, junk.body]).toEqual([undefined, undefined]);
  });

  it('a title that is only a variable without value or fallback is an empty string, not the braces', () => {
    expect(resolveContent(source({ title: '{{user.traits.missing}}' }), ctx()).title).toBe('');
  });

  it('a locale map keyed by "__proto__" or "constructor" is read as data and does not reach prototypes', () => {
    const title = JSON.parse('{"__proto__": "proto text", "en": "Hello"}');
    expect(resolveContent(source({ title }), ctx()).title).toBe('Hello');
    const constructorOnly = JSON.parse('{"constructor": "ctor text"}');
    // Only own keys that are texts count: "constructor" is such a key here, so it is what there is.
    expect(resolveContent(source({ title: constructorOnly }), ctx()).title).toBe('ctor text');
    expect(({} as Record<string, unknown>).en).toBeUndefined();
  });

  it('control characters and huge texts pass through as text (bounded by the validator, not here), in linear time', () => {
    const big = 'a'.repeat(200_000);
    const content = resolveContent(source({ title: `x\u0000\u202Ey`, body: big }), ctx());
    expect(content.title).toBe('x\u0000\u202Ey');
    expect(content.body).toEqual([{ kind: 'p', children: [big] }]);
  });
});

describe('resolveContent: language and direction', () => {
  it('a plain string is written in the manifest default locale, not the reader locale', () => {
    expect(resolveContent(source({ title: 'Hallo' }), ctx({ locale: 'ar', defaultLocale: 'de' }))).toMatchObject({ lang: 'de', dir: 'ltr' });
  });

  it('lang is the tag the body was picked in, else the title, and its direction follows', () => {
    const content = resolveContent(source({ title: { en: 'Hi' }, body: { en: 'Text', ar: 'نص' } }), ctx({ locale: 'ar-EG' }));
    expect([content.lang, content.dir]).toEqual(['ar', 'rtl']);
    const titleOnly = resolveContent(source({ title: { he: 'שלום' } }), ctx({ locale: 'he' }));
    expect([titleOnly.lang, titleOnly.dir]).toEqual(['he', 'rtl']);
  });

  it('a right-to-left reader of a text that fell back to English reads it left to right, in English', () => {
    const content = resolveContent(source({ title: { en: 'Hi', ar: '' }, body: { en: 'Text' } }), ctx({ locale: 'ar', defaultLocale: 'en' }));
    expect([content.lang, content.dir]).toEqual(['en', 'ltr']);
  });

  it.each([['ar', 'rtl'], ['AR-eg', 'rtl'], ['he', 'rtl'], ['fa-IR', 'rtl'], ['ur', 'rtl'], ['en', 'ltr'], ['de-CH', 'ltr'], ['zh-CN', 'ltr'], ['arn', 'ltr']])(
    'a text in %j is %s',
    (tag, dir) => {
      expect(resolveContent(source({ body: { [tag]: 'x' } }), ctx({ locale: tag })).dir).toBe(dir);
    },
  );

  it('without any text, lang is the default locale', () => {
    expect(resolveContent(source({}), ctx({ locale: 'fr', defaultLocale: 'he' }))).toMatchObject({ lang: 'he', dir: 'rtl' });
  });
});

describe('resolveContent: buttons', () => {
  it('labels each button in the reader language; the last one is primary', () => {
    const buttons = [btn({ en: 'Later', de: 'Später' }, 'dismiss'), btn({ en: 'Start', de: 'Los' }, 'startTour')];
    const content = resolveContent(source({ buttons }), ctx({ locale: 'de' }));
    expect(content.buttons.map((b) => [b.label, b.primary, b.button])).toEqual([
      ['Später', false, buttons[0]],
      ['Los', true, buttons[1]],
    ]);
  });

  it('a single button is primary; no buttons (or none given) is an empty list', () => {
    expect(resolveContent(source({ buttons: [btn('OK')] }), ctx()).buttons.map((b) => b.primary)).toEqual([true]);
    expect(resolveContent(source({}), ctx()).buttons).toEqual([]);
  });

  it('a label with no text for any language falls back to the action, so the button is never unnamed', () => {
    const content = resolveContent(source({ buttons: [btn({ de: '' }, 'next'), btn(undefined, 'done')] }), ctx({ locale: 'fr' }));
    expect(content.buttons.map((b) => b.label)).toEqual(['next', 'done']);
  });

  it('buttons that are not a list (junk from a compiled manifest) fail loudly, so the item is left out and reported', () => {
    expect(() => resolveContent(source({ buttons: { length: 1 } }), ctx())).toThrow(TypeError);
  });
});

describe('a blank button label falls back to the action', () => {
  // A label written as "" (the validator accepts any string) would make a button with no text and
  // no accessible name. A locale map with only "" falls back to the action; a plain "" does too.
  it('a label "" falls back like a missing one', () => {
    const content = resolveContent(source({ buttons: [btn('', 'dismiss')] }), ctx());
    expect(content.buttons[0].label).not.toBe('');
  });
});

describe('resolveContent: images', () => {
  it('keeps an image with a safe URL and its localized alternative text', () => {
    const content = resolveContent(source({ image: { src: '/img/a.png', alt: { en: 'A chart', de: 'Ein Diagramm' } } }), ctx({ locale: 'de' }));
    expect(content.image).toEqual({ src: '/img/a.png', alt: 'Ein Diagramm' });
    expect(resolveContent(source({ image: { src: 'https://cdn.example.com/a.png', alt: 'A' } }), ctx()).image).toEqual({ src: 'https://cdn.example.com/a.png', alt: 'A' });
  });

  it('an alternative text missing in every language is empty (decorative), never "undefined"', () => {
    expect(resolveContent(source({ image: { src: '/a.png', alt: { fr: '' } } }), ctx()).image).toEqual({ src: '/a.png', alt: '' });
  });

  it.each(['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'java\tscript:alert(1)', ' /a.png', '/\\evil.example/a.png', 'vbscript:x', 42, null])(
    'drops an image whose src is %j',
    (src) => {
      expect(resolveContent(source({ image: { src, alt: 'x' } }), ctx()).image).toBeUndefined();
    },
  );
});
