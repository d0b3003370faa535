/**
 * Characters whose Simplified and Traditional forms differ, pair by pair (same index), for the
 * tests of src/ui/locales/zh-CN.ts and zh-TW.ts: a Simplified table has none of the Traditional
 * forms, and the reverse.
 */
import type { UiStrings } from '../../src/ui/strings';

export const SIMPLIFIED = [...'关开帮导览过这发谢馈说选显单进们时个见问题务应让达续补传启'];
export const TRADITIONAL = [...'關開幫導覽過這發謝饋說選顯單進們時個見問題務應讓達續補傳啟'];

/** ASCII punctuation that Chinese writes full width (，：？！（）). */
export const HALF_WIDTH_PUNCTUATION = /[,:?!()]/;

/** Every character of a table's words, placeholders left out. */
export const charactersOf = (table: UiStrings): string[] =>
  Object.values(table)
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => [...value.replace(/\{\w+\}/g, '')]);
