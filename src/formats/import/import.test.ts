import { describe, expect, it } from 'vitest';
import type {
  ImageAnnotations,
  ImageId,
  ImageItem,
  Project,
  ProjectId,
  RegionId,
} from '../../domain';
import { emptyAnnotations, emptySchema } from '../../domain';
import { testRegion } from '../../domain/test-regions';
import type { ImportedImageAnnotations, ImportedRegion } from '../types';
import { matchImports, unknownLabels } from './match';
import { planImport } from './plan';
import { parseJsonl } from '../jsonl/parse';

const projectId = 'p0000000-0000-4000-8000-000000000000' as ProjectId;

function image(id: string, relativePath: string, width = 100, height = 50): ImageItem {
  return {
    id: id as ImageId,
    projectId,
    fileName: relativePath.split('/').pop()!,
    relativePath,
    mime: 'image/jpeg',
    byteSize: 1,
    width,
    height,
    contentHash: id,
    status: 'new',
    reviewReasons: [],
    createdAt: 0,
    updatedAt: 0,
  };
}

function imported(
  relativePath: string,
  regions: ImportedRegion[] = [],
  extra: Partial<ImportedImageAnnotations> = {},
): ImportedImageAnnotations {
  return {
    relativePath,
    fileName: relativePath.split('/').pop()!,
    matchStem: false,
    coordinates: 'pixels',
    regions,
    origin: { format: 'coco', file: 'in.json' },
    ...extra,
  };
}

const box = (x: number, y: number, w: number, h: number, label = 'cat'): ImportedRegion => ({
  label,
  shape: { kind: 'box', box: { x, y, w, h } },
  attributes: {},
});

const project: Project = {
  id: projectId,
  name: 'p',
  schema: {
    ...emptySchema(),
    classes: [
      {
        id: 'c1' as never,
        name: 'Cat',
        color: '#000000',
        hotkey: '',
        attributes: [],
        synonyms: ['kitty'],
      },
    ],
  },
  reviewThreshold: 0.8,
  createdAt: 0,
  updatedAt: 0,
};

const images = [image('i1', 'a/x.jpg'), image('i2', 'b/x.jpg'), image('i3', 'c/y.png')];

describe('matchImports', () => {
  it('matches by relative path, then by a file name naming one image; reports the rest', () => {
    const result = matchImports(
      [
        imported('a/x.jpg'),
        imported('other/Y.PNG'),
        imported('x.jpg'),
        imported('nope.jpg'),
        imported('a/x.jpg'),
      ],
      images,
    );
    expect(result.matched.map((m) => [m.image.id, m.by])).toEqual([
      ['i1', 'path'],
      ['i3', 'file-name'],
    ]);
    expect(result.ambiguous.map((a) => a.candidates.map((c) => c.id))).toEqual([['i1', 'i2']]);
    expect(result.unmatched.map((u) => u.relativePath)).toEqual(['nope.jpg']);
    expect(result.warnings.map((w) => w.key)).toEqual([
      'ambiguous-image',
      'unmatched-image',
      'duplicate-image-entry',
    ]);
  });

  it('YOLO label files match images without extension', () => {
    const result = matchImports([imported('c/y', [], { matchStem: true, fileName: 'y' })], images);
    expect(result.matched[0]?.image.id).toBe('i3');
  });

  it('lists labels the schema lacks, by name or synonym, case-insensitively', () => {
    const { matched } = matchImports(
      [
        imported('a/x.jpg', [
          box(0, 0, 1, 1, 'cat'),
          box(0, 0, 1, 1, 'KITTY'),
          box(0, 0, 1, 1, '狗'),
          box(0, 0, 1, 1, '狗'),
        ]),
      ],
      images,
    );
    expect(unknownLabels(matched, project.schema)).toEqual([{ label: '狗', count: 2 }]);
  });
});

describe('planImport', () => {
  const existingRegion = testRegion({
    id: '99999999-9999-4999-8999-999999999999' as RegionId,
    shape: { kind: 'box', box: { x: 1, y: 1, w: 2, h: 2 } },
    label: 'old',
    provenance: { source: 'human', author: 'x', createdAt: 0 },
    updatedAt: 0,
    updatedBy: 'x',
  });
  const existing: ImageAnnotations = {
    imageId: 'i1' as ImageId,
    projectId,
    regions: [existingRegion],
    caption: null,
    tags: [
      {
        value: 'old-tag',
        dimension: '',
        provenance: { source: 'human', author: 'x', createdAt: 0 },
        state: 'accepted',
        updatedAt: 0,
        updatedBy: 'x',
      },
    ],
    ocr: [],
    fields: null,
    answers: [{ task: 't', text: 'raw', createdAt: 0 }],
    updatedAt: 0,
  };
  const run = (
    entries: ImportedImageAnnotations[],
    policy: 'merge' | 'replace',
    addUnknownLabels = false,
  ) =>
    planImport({
      project,
      matched: matchImports(entries, images).matched,
      existing: (img) => (img.id === 'i1' ? existing : null),
      policy,
      addUnknownLabels,
      author: 'importer',
      now: 42,
    });

  it('clamps out-of-bounds boxes with a warning and skips ones left empty', () => {
    const plan = run([imported('a/x.jpg', [box(-10, 10, 50, 60), box(200, 0, 5, 5)])], 'replace');
    expect(plan.records[0]!.regions.map((r) => r.shape)).toEqual([
      { kind: 'box', box: { x: 0, y: 10, w: 40, h: 40 } },
    ]);
    expect(plan.warnings.map((w) => w.key)).toEqual([
      'box-clamped',
      'box-clamped',
      'region-skipped-empty',
    ]);
  });

  it("keeps an OCR line's quad from a JSONL file (its box becomes the quad's bounds, clipped)", () => {
    const file = JSON.stringify({
      file_name: 'a/x.jpg',
      regions: [],
      ocr: [
        { text: 'tilted', bbox: [0, 0, 1, 1], quad: [10, 5, 60, 10, 58, 30, 8, 25] },
        { text: 'boxed', bbox: [2, 2, 20, 8] },
        { text: 'spills', quad: [90, 40, 120, 40, 120, 60, 90, 60] },
      ],
    });
    const entries = parseJsonl(file, 'in.jsonl').records;
    const ocr = run(entries, 'replace').records[0]!.ocr;
    expect(ocr.map((l) => [l.text, l.quad ?? null, l.box])).toEqual([
      ['tilted', [10, 5, 60, 10, 58, 30, 8, 25], { x: 8, y: 5, w: 52, h: 25 }],
      ['boxed', null, { x: 2, y: 2, w: 20, h: 8 }],
      ['spills', [90, 40, 100, 40, 100, 50, 90, 50], { x: 90, y: 40, w: 10, h: 10 }],
    ]);
    expect(() =>
      parseJsonl(
        JSON.stringify({ file_name: 'a/x.jpg', ocr: [{ text: 't', quad: [1, 2, 3] }] }),
        'in.jsonl',
      ),
    ).toThrow();
  });

  it('merge keeps what the image had; replace starts over but keeps raw model answers', () => {
    const entry = imported('a/x.jpg', [box(0, 0, 5, 5, 'kitty')], {
      caption: '一只猫',
      tags: ['old-tag', 'new'],
    });
    const merged = run([entry], 'merge').records[0]!;
    expect(merged.regions.map((r) => r.label)).toEqual(['old', 'kitty']);
    expect(merged.tags.map((t) => t.value)).toEqual(['old-tag', 'new']);
    const replaced = run([entry], 'replace').records[0]!;
    expect(replaced.regions.map((r) => r.label)).toEqual(['kitty']);
    expect(replaced.tags.map((t) => t.value)).toEqual(['old-tag', 'new']);
    expect(replaced.answers).toEqual(existing.answers);
    // Replace says beforehand what it removes: the image's region and tag, not only regions.
    expect(run([entry], 'replace').removed).toEqual({
      images: 1,
      regions: 1,
      captions: 0,
      tags: 1,
      ocr: 0,
      fields: 0,
    });
    expect(run([entry], 'merge').removed.images).toBe(0);
    expect(replaced.caption).toMatchObject({
      text: '一只猫',
      provenance: { source: 'human', author: 'importer' },
    });
    // Synonyms tie a label to its class.
    expect(replaced.regions[0]).toMatchObject({
      classId: 'c1',
      state: 'accepted',
      provenance: { source: 'human', author: 'importer', createdAt: 42 },
    });
  });

  it('keeps our ids (a re-import replaces the same region) and marks model regions as suggestions', () => {
    const same: ImportedRegion = {
      ...box(5, 5, 5, 5, 'cat'),
      id: existingRegion.id,
      source: 'model',
      confidence: 0.4,
    };
    const plan = run([imported('a/x.jpg', [same])], 'merge');
    expect(plan.records[0]!.regions).toHaveLength(1);
    expect(plan.records[0]!.regions[0]).toMatchObject({
      id: existingRegion.id,
      state: 'suggested',
      provenance: { source: 'model', confidence: 0.4 },
    });
  });

  it('adds unknown labels as classes when asked, and links regions to them', () => {
    const plan = run([imported('c/y.png', [box(0, 0, 5, 5, '狗')])], 'replace', true);
    expect(plan.addedClasses.map((c) => c.name)).toEqual(['狗']);
    expect(plan.schema.classes.map((c) => c.name)).toEqual(['Cat', '狗']);
    expect(plan.records[0]!.regions[0]!.classId).toBe(plan.addedClasses[0]!.id);
  });

  it('scales normalized (YOLO) coordinates by the matched image size and warns on size mismatch', () => {
    const yolo = imported(
      'c/y',
      [
        {
          label: 'cat',
          shape: { kind: 'box', box: { x: 0.25, y: 0.5, w: 0.5, h: 0.5 } },
          attributes: {},
        },
      ],
      {
        matchStem: true,
        fileName: 'y',
        coordinates: 'normalized',
      },
    );
    expect(run([yolo], 'replace').records[0]!.regions[0]!.shape).toEqual({
      kind: 'box',
      box: { x: 25, y: 25, w: 50, h: 25 },
    });
    const rotated = imported('c/y.png', [], { width: 50, height: 100 });
    expect(run([rotated], 'replace').warnings.map((w) => w.key)).toEqual(['size-mismatch']);
  });

  it('statuses from the file are applied to the matched images', () => {
    const plan = run([imported('c/y.png', [], { status: 'accepted' })], 'replace');
    expect(plan.statuses).toEqual([{ imageId: 'i3', status: 'accepted' }]);
  });
});

describe('detectImport', () => {
  it('recognises each format from its files', async () => {
    const { detectImport } = await import('./detect');
    expect(
      detectImport([{ path: 'x/annotations.jsonl', text: '{"file_name":"a.jpg"}' }]).format,
    ).toBe('jsonl');
    expect(
      detectImport([{ path: 'project.json', text: '{"format":"annota-backup"}' }]).format,
    ).toBe('backup');
    const coco = detectImport([
      {
        path: 'annotations/instances.json',
        text: '{"images":[{"id":1,"file_name":"a.jpg"}],"annotations":[],"categories":[]}',
      },
      {
        path: 'annotations/captions.json',
        text: '{"images":[{"id":1,"file_name":"a.jpg"}],"annotations":[{"id":1,"image_id":1,"caption":"猫"}]}',
      },
    ]);
    expect(coco.format === 'coco' && coco.result.records[0]?.caption).toBe('猫');
    expect(
      detectImport([
        { path: 'labels/a.txt', text: '0 0.5 0.5 0.1 0.1' },
        { path: 'data.yaml', text: 'names: [c]' },
      ]).format,
    ).toBe('yolo');
    expect(
      detectImport([
        { path: 'Annotations/a.xml', text: '<annotation><filename>a.jpg</filename></annotation>' },
      ]).format,
    ).toBe('voc');
    expect(() => detectImport([{ path: 'readme.txt', text: 'hi' }], 'in.zip')).toThrow(
      expect.objectContaining({ key: 'missing-file', file: 'in.zip' }),
    );
  });
});

describe('import analysis at scale (row 8: it was quadratic in region ids and new labels)', () => {
  it('plans 100k regions with their own ids and 30k new labels, every id and class kept', () => {
    const regions: ImportedRegion[] = Array.from({ length: 100_000 }, (_, i) => ({
      ...box(i % 90, i % 40, 5, 5, `label-${i % 30_000}`),
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    const match = matchImports([imported('a/x.jpg', regions)], images);
    expect(unknownLabels(match.matched, project.schema)).toHaveLength(30_000);
    const plan = planImport({
      project,
      matched: match.matched,
      existing: () => null,
      policy: 'merge',
      addUnknownLabels: true,
      author: 'me',
      now: 1,
    });
    const planned = plan.records[0]!.regions;
    expect(planned).toHaveLength(100_000);
    expect(new Set(planned.map((r) => r.id)).size).toBe(100_000);
    expect(planned[99_999]!.id).toBe(regions[99_999]!.id);
    expect(plan.addedClasses).toHaveLength(30_000);
    expect(new Set(plan.schema.classes.map((c) => c.id)).size).toBe(30_001);
    expect(planned.every((r) => r.classId !== null)).toBe(true);
    // Not a timing assertion: room for slow CI; the quadratic version needed minutes here.
  }, 30_000);
});

describe('batch CLI results', () => {
  it('keep their review reasons and tie their regions to the project classes by label', () => {
    const region = {
      id: '11111111-1111-4111-8111-111111111111',
      shape: { kind: 'box', box: { x: 1, y: 1, w: 5, h: 5 } },
      classId: 'cli-class',
      label: 'cat',
      attributes: {},
      note: '',
      hidden: false,
      locked: false,
      provenance: {
        source: 'model',
        modelId: 'Qwen/Qwen3-VL-8B-Instruct',
        revision: 'server:gpu:8000',
        task: 'detect',
        params: {},
        confidence: 0.5,
        createdAt: 1,
      },
      state: 'suggested',
      updatedAt: 1,
      updatedBy: 'model',
    };
    const line = JSON.stringify({
      file_name: 'c/y.png',
      status: 'needs-review',
      regions: [],
      annota: {
        version: 1,
        image: { reviewReasons: ['low-confidence', 'not-a-reason'] },
        annotations: {
          ...emptyAnnotations(
            '22222222-2222-4222-8222-222222222222' as ImageId,
            '00000000-0000-4000-8000-000000000000' as ProjectId,
            1,
          ),
          regions: [region],
        },
      },
    });
    const parsed = parseJsonl(line, 'results.jsonl');
    const plan = planImport({
      project,
      matched: matchImports(parsed.records, images).matched,
      existing: () => null,
      policy: 'merge',
      addUnknownLabels: false,
      author: 'importer',
      now: 42,
    });
    expect(plan.statuses).toEqual([
      { imageId: 'i3', status: 'needs-review', reasons: ['low-confidence'] },
    ]);
    const [record] = plan.records;
    expect(record!.imageId).toBe('i3');
    expect(record!.regions[0]).toMatchObject({ classId: 'c1', state: 'suggested' });
    expect(record!.regions[0]!.provenance).toMatchObject({ modelId: 'Qwen/Qwen3-VL-8B-Instruct' });
  });
});

describe('labels added by an import', () => {
  it("keep the file's category order (its ids), include unused ones and get free hotkeys", () => {
    const entries = [
      imported('a/x.jpg', [box(1, 1, 5, 5, 'zebra'), box(2, 2, 5, 5, 'apple')]),
      imported('c/y.png', [box(1, 1, 5, 5, 'mango')]),
    ];
    const matched = matchImports(entries, images).matched;
    // The file declares apple (id 1), zebra (id 2), unused (id 3); mango is not declared.
    const categories = ['apple', 'zebra', 'unused', 'cat'];
    expect(unknownLabels(matched, project.schema, categories)).toEqual([
      { label: 'apple', count: 1 },
      { label: 'zebra', count: 1 },
      { label: 'unused', count: 0 },
      { label: 'mango', count: 1 },
    ]);
    const plan = planImport({
      project,
      matched,
      existing: () => null,
      policy: 'merge',
      addUnknownLabels: true,
      author: 'importer',
      categories,
      now: 42,
    });
    expect(plan.addedClasses.map((c) => [c.name, c.hotkey])).toEqual([
      ['apple', '1'],
      ['zebra', '2'],
      ['unused', '3'],
      ['mango', '4'],
    ]);
    expect(plan.schema.classes.map((c) => c.name)).toEqual([
      'Cat',
      'apple',
      'zebra',
      'unused',
      'mango',
    ]);
  });
});
