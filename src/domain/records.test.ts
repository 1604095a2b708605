import { describe, expect, it } from 'vitest';
import { isUuid, newId } from './ids';
import {
  imageTypeFromName,
  isValidDimension,
  normaliseRelativePath,
  sniffImageType,
} from './image';
import {
  emptySchema,
  matchLabelClass,
  nextClassColor,
  validateSchema,
  type LabelClass,
  type LabelSchema,
} from './label-schema';
import { createProject, validateProjectName } from './project';
import { canTransition, isLabeled, isReviewReason, isReviewStatus } from './review';
import { isConfidence } from './provenance';

function labelClass(name: string, overrides: Partial<LabelClass> = {}): LabelClass {
  return {
    id: newId<'label-class'>(),
    name,
    color: '#112233',
    hotkey: '',
    attributes: [],
    synonyms: [],
    ...overrides,
  };
}

describe('ids', () => {
  it('are random UUIDs', () => {
    const a = newId<'image'>();
    expect(isUuid(a)).toBe(true);
    expect(newId<'image'>()).not.toBe(a);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});

describe('images', () => {
  it('sniffs real formats from bytes, not names', () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('image/png');
    expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(new TextEncoder().encode('BM....'))).toBe('image/bmp');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('\0\0\0\x1cftypavif'))).toBe('image/avif');
    expect(sniffImageType(new TextEncoder().encode('hello, I am text'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array([]))).toBeUndefined();
  });

  it('knows image extensions case-insensitively', () => {
    expect(imageTypeFromName('A.JPEG')).toBe('image/jpeg');
    expect(imageTypeFromName('x.tar.gz')).toBeUndefined();
  });

  it('normalises relative paths, dropping traversal segments', () => {
    expect(normaliseRelativePath('/shoot\\sub//a.jpg')).toBe('shoot/sub/a.jpg');
    expect(normaliseRelativePath('../../etc/./passwd.jpg')).toBe('etc/passwd.jpg');
    expect(normaliseRelativePath('照片 1.jpg')).toBe('照片 1.jpg');
  });

  it('accepts only positive integer dimensions', () => {
    expect(isValidDimension(1, 1)).toBe(true);
    expect(isValidDimension(0, 5)).toBe(false);
    expect(isValidDimension(1.5, 5)).toBe(false);
  });
});

describe('projects', () => {
  it('validates names and starts with an empty schema and the 0.85 review threshold', () => {
    expect(validateProjectName('  ')).toBe('empty');
    expect(validateProjectName('x'.repeat(201))).toBe('too-long');
    expect(validateProjectName('缺陷检测')).toBeNull();
    const p = createProject(' Shoes ', 1000);
    expect(p).toMatchObject({
      name: 'Shoes',
      reviewThreshold: 0.85,
      createdAt: 1000,
      updatedAt: 1000,
    });
    expect(p.schema).toEqual(emptySchema());
    expect(() => createProject('')).toThrow(RangeError);
  });
});

describe('label schema', () => {
  it('accepts a valid schema', () => {
    const schema: LabelSchema = {
      ...emptySchema(),
      classes: [
        labelClass('scratch', {
          hotkey: '1',
          attributes: [{ name: 'severity', type: 'enum', options: ['low', 'high'] }],
        }),
        labelClass('dent', { hotkey: '2' }),
      ],
    };
    expect(validateSchema(schema)).toEqual([]);
  });

  it('reports duplicate names, bad colours, bad and repeated hotkeys, enums without options', () => {
    const schema: LabelSchema = {
      ...emptySchema(),
      classes: [
        labelClass('Cat', { hotkey: '1', color: 'red' }),
        labelClass('cat ', { hotkey: '1' }),
        labelClass('', { hotkey: '0', attributes: [{ name: 'kind', type: 'enum' }] }),
      ],
    };
    const messages = validateSchema(schema).map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual([
      'classes[0].color: not a #rrggbb colour: red',
      'classes[1].name: duplicate class "cat "',
      'classes[1].hotkey: hotkey 1 used twice',
      'classes[2].name: empty class name',
      'classes[2].hotkey: hotkey must be 1–9',
      'classes[2].attributes[0].options: enum needs options',
    ]);
  });

  it('matches model labels by name, case-insensitively, then by synonym', () => {
    const shoe = labelClass('Shoe', { synonyms: ['sneaker', '鞋'] });
    const schema: LabelSchema = { ...emptySchema(), classes: [shoe] };
    expect(matchLabelClass(schema, ' shoe ')).toBe(shoe);
    expect(matchLabelClass(schema, 'Sneaker')).toBe(shoe);
    expect(matchLabelClass(schema, '鞋')).toBe(shoe);
    expect(matchLabelClass(schema, 'hat')).toBeUndefined();
    expect(matchLabelClass(schema, '')).toBeUndefined();
  });

  it('cycles palette colours for new classes', () => {
    const schema = emptySchema();
    expect(nextClassColor(schema)).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('review states', () => {
  it('guards statuses, reasons and transitions', () => {
    expect(isReviewStatus('needs-review')).toBe(true);
    expect(isReviewStatus('done')).toBe(false);
    expect(isReviewReason('low-confidence')).toBe(true);
    expect(isReviewReason('because')).toBe(false);
    expect(canTransition('new', 'pre-annotated')).toBe(true);
    expect(canTransition('needs-review', 'accepted')).toBe(true);
    expect(canTransition('new', 'new')).toBe(false);
    expect(isLabeled('new')).toBe(false);
    expect(isLabeled('rejected')).toBe(true);
  });

  it('accepts confidences in [0, 1] only', () => {
    expect(isConfidence(0)).toBe(true);
    expect(isConfidence(1)).toBe(true);
    expect(isConfidence(1.01)).toBe(false);
    expect(isConfidence(Number.NaN)).toBe(false);
    expect(isConfidence('0.5')).toBe(false);
  });
});
