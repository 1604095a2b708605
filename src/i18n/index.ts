import { addMessages, init, locale } from 'svelte-i18n';

import { localeFromBrowser, LOCALES, type Locale } from './locale-choice';

export { LOCALES, type Locale };

const STORAGE_KEY = 'annota.locale';

type Catalog = Record<string, string>;

/** Each feature keeps its strings in `<feature>.<locale>.json`; all are merged into one catalog. */
const catalogs = import.meta.glob<Catalog>('./*.json', { eager: true, import: 'default' });

function catalogFor(target: Locale): Catalog {
  const merged: Catalog = {};
  for (const [path, messages] of Object.entries(catalogs)) {
    const name = path.slice(2, -'.json'.length);
    if (name === target || name.endsWith(`.${target}`)) Object.assign(merged, messages);
  }
  return merged;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function savedLocale(): Locale | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function setupI18n(): Locale {
  for (const l of LOCALES) addMessages(l, catalogFor(l));
  const initial = savedLocale() ?? localeFromBrowser(navigator.languages ?? [navigator.language]);
  init({ fallbackLocale: 'en', initialLocale: initial });
  document.documentElement.lang = initial;
  return initial;
}

export function switchLocale(next: Locale): void {
  locale.set(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode without storage: the switch still applies to this session.
  }
}
