import { describe, expect, it } from 'vitest';
import type { FormatErrorKey, FormatWarningKey } from './errors';
import { FormatError, warning } from './errors';
import en from '../i18n/formats.en.json';
import zh from '../i18n/formats.zh-CN.json';
import { messageOf } from './messages';

const errorKeys: Record<FormatErrorKey, true> = {
  'invalid-json': true,
  'invalid-xml': true,
  'missing-field': true,
  'wrong-type': true,
  'invalid-value': true,
  'wrong-column-count': true,
  'missing-file': true,
  'invalid-zip': true,
  'unsupported-zip': true,
  'too-large': true,
  'empty-file': true,
};
const warningKeys: Record<FormatWarningKey, true> = {
  'box-clamped': true,
  'polygon-clamped': true,
  'point-clamped': true,
  'size-mismatch': true,
  'unmatched-image': true,
  'ambiguous-image': true,
  'unknown-category': true,
  'region-skipped-empty': true,
  'duplicate-image-entry': true,
};

describe('format messages', () => {
  it('every error and warning key has an English and a Chinese message with the same placeholders', () => {
    const ids = [
      ...Object.keys(errorKeys).map((k) => `formats.error.${k}`),
      ...Object.keys(warningKeys).map((k) => `formats.warning.${k}`),
    ].sort();
    expect(Object.keys(en).sort()).toEqual(ids);
    expect(Object.keys(zh).sort()).toEqual(ids);
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const id of ids)
      expect(holes((zh as Record<string, string>)[id]!)).toEqual(
        holes((en as Record<string, string>)[id]!),
      );
  });

  it('names file, line and field in a location every language reads', () => {
    const error = new FormatError(
      { format: 'jsonl', file: 'a.jsonl', line: 17, field: 'regions[2].bbox' },
      'wrong-type',
      {
        expected: 'number',
        actual: 'string',
      },
    );
    expect(messageOf(error)).toEqual({
      id: 'formats.error.wrong-type',
      values: {
        expected: 'number',
        actual: 'string',
        where: 'a.jsonl:17 regions[2].bbox',
        format: 'JSONL',
      },
    });
    expect(
      messageOf(warning({ format: 'coco', file: 'i.json' }, 'unmatched-image', { path: 'x.jpg' }))
        .id,
    ).toBe('formats.warning.unmatched-image');
  });
});
