import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localeFromBrowser } from './locale-choice';

const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

function read(file: string): Record<string, string> {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
}

/** Pairs `en.json`/`zh-CN.json` and `<feature>.en.json`/`<feature>.zh-CN.json`. */
const pairs = files
  .filter((f) => f === 'en.json' || f.endsWith('.en.json'))
  .map((en) => [en, en.replace(/en\.json$/, 'zh-CN.json')] as const);

describe('message catalogs', () => {
  it('exist in pairs', () => {
    expect(pairs.length).toBeGreaterThan(0);
    for (const [, zh] of pairs) expect(files).toContain(zh);
  });

  for (const [en, zh] of pairs) {
    it(`${en} and ${zh} have the same keys and no empty message`, () => {
      const a = read(en);
      const b = read(zh);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      for (const [key, value] of [...Object.entries(a), ...Object.entries(b)]) {
        expect(value.trim(), key).not.toBe('');
      }
    });

    it(`${en} and ${zh} use the same placeholders`, () => {
      const a = read(en);
      const b = read(zh);
      const names = (m: string) => [...m.matchAll(/\{(\w+)\s*[,}]/g)].map((x) => x[1]);
      for (const key of Object.keys(a)) {
        expect(new Set(names(b[key] ?? '')), key).toEqual(new Set(names(a[key]!)));
      }
    });
  }
});

describe('localeFromBrowser', () => {
  it('maps any Chinese variant to zh-CN and the rest to English', () => {
    expect(localeFromBrowser(['zh-TW', 'en'])).toBe('zh-CN');
    expect(localeFromBrowser(['zh'])).toBe('zh-CN');
    expect(localeFromBrowser(['fr-FR', 'en-GB'])).toBe('en');
    expect(localeFromBrowser(['de'])).toBe('en');
    expect(localeFromBrowser([])).toBe('en');
  });
});
