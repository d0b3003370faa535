/** What a surface shows, already localized and parsed: views never see manifest shapes. */
import type { Button, Item, LocalizedText } from '../manifest/schema';
import { isRightToLeft, pickText } from '../manifest/localize';
import { parseRichText, substituteVariables, type Block, type VariableLookup } from '../manifest/richtext';
import { isSafeUrl } from '../manifest/url';

export interface ViewButton {
  label: string;
  button: Button;
  primary: boolean;
}

export interface ViewContent {
  title?: string;
  body?: Block[];
  buttons: ViewButton[];
  image?: { src: string; alt: string };
  /** The locale the text is written in, for `lang`. */
  lang?: string;
  dir: 'ltr' | 'rtl';
  /** The title's own lang and dir, when it is written in another language than the body. */
  titleLang?: { lang: string; dir: 'ltr' | 'rtl' };
}

export interface ContentContext {
  locale: string;
  defaultLocale: string;
  lookup: VariableLookup;
}

export function localize(text: LocalizedText | undefined, ctx: ContentContext): { text: string; locale: string } | undefined {
  return pickText(text, ctx.locale, ctx.defaultLocale);
}

export function resolveContent(
  source: Pick<Item, 'title' | 'body' | 'buttons' | 'image'>,
  ctx: ContentContext,
): ViewContent {
  const title = localize(source.title, ctx);
  const body = localize(source.body, ctx);
  // A plain string (no locale map) is written in the manifest's default locale, not the reader's.
  const lang = body?.locale || title?.locale || ctx.defaultLocale;
  const rtl = isRightToLeft(lang);
  // A title in another language than the body (its reader's language has a title but no body
  // yet) carries its own lang and dir: it is laid out, and read aloud, as its language.
  const titleLang = title && title.locale !== '' && title.locale !== lang ? title.locale : undefined;
  // In right-to-left text, a value from the page ("C++", an e-mail address) is isolated (FSI…PDI,
  // as <bdi> would), so the bidi algorithm cannot reorder it with the words around it ("++C").
  const lookupFor = (rightToLeft: boolean): ContentContext['lookup'] => rightToLeft ? (path) => {
    const value = ctx.lookup(path);
    return typeof value === 'string' && value !== '' ? `\u2068${value}\u2069` : value;
  } : ctx.lookup;
  const buttons = (source.buttons ?? []).map((button, index, all) => ({
    // A blank label would make a button without a name: its action names it instead.
    label: localize(button.label, ctx)?.text.trim() || button.action,
    button,
    primary: index === all.length - 1,
  }));
  return {
    // Titles are plain text: variables are filled in, Markdown markers stay as written.
    title: title && substituteVariables(title.text, lookupFor(isRightToLeft(titleLang ?? lang))).join(''),
    titleLang: titleLang ? { lang: titleLang, dir: isRightToLeft(titleLang) ? 'rtl' : 'ltr' } : undefined,
    body: body && parseRichText(body.text, lookupFor(rtl)),
    buttons,
    image: source.image && isSafeUrl(source.image.src) ? { src: source.image.src, alt: localize(source.image.alt, ctx)?.text ?? '' } : undefined,
    lang,
    dir: rtl ? 'rtl' : 'ltr',
  };
}
