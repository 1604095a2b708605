export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** zh, zh-CN, zh-TW, zh-Hans… → zh-CN (the only Chinese catalog); anything else → en. */
export function localeFromBrowser(languages: readonly string[]): Locale {
  for (const lang of languages) {
    if (/^zh\b/i.test(lang)) return 'zh-CN';
    if (/^en\b/i.test(lang)) return 'en';
  }
  return 'en';
}
