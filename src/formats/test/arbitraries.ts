import fc from 'fast-check';
import type {
  ImageAnnotations,
  ImageId,
  ImageItem,
  LabelClass,
  LabelClassId,
  Project,
  ProjectId,
  Provenance,
  Region,
  RegionId,
  RegionShape,
} from '../../domain';
import { REVIEW_STATUSES, emptySchema, polygonArea } from '../../domain';
import type { ExportItem } from '../types';

/** Labels people really type: Latin, 中文, emoji, spaces, commas and quotes (CSV/XML escaping). */
export const labelText = fc.oneof(
  fc.constantFrom(
    'person',
    'car',
    '猫',
    '中文标签',
    '🐶 dog',
    'a,b "quoted"',
    'x<y & z',
    '  spaced  ',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0),
);

const uuid = fc.uuid({ version: 4 });

export const schemaClasses = fc
  .uniqueArray(labelText, { maxLength: 5, selector: (s) => s.trim().toLowerCase() })
  .chain((names) =>
    fc.tuple(...names.map(() => uuid)).map((ids) =>
      names.map((name, i): LabelClass => ({
        id: ids[i] as LabelClassId,
        name: name.trim(),
        color: '#112233',
        hotkey: '',
        attributes: [],
        synonyms: [],
      })),
    ),
  );

const coord = (max: number) => fc.double({ min: 0, max, noNaN: true });

function shapeIn(width: number, height: number): fc.Arbitrary<RegionShape> {
  const box = fc
    .tuple(coord(width - 2), coord(height - 2))
    .chain(([x, y]) =>
      fc.tuple(
        fc.constant(x),
        fc.constant(y),
        fc.double({ min: 1, max: width - x, noNaN: true }),
        fc.double({ min: 1, max: height - y, noNaN: true }),
      ),
    )
    .map(([x, y, w, h]): RegionShape => ({ kind: 'box', box: { x, y, w, h } }));
  const polygon = fc
    .array(fc.tuple(coord(width), coord(height)), { minLength: 3, maxLength: 8 })
    .map((pts): RegionShape => ({ kind: 'polygon', points: pts.flat() }))
    .filter((s) => s.kind === 'polygon' && polygonArea(s.points) > 4);
  const point = fc
    .tuple(coord(width), coord(height))
    .map(([x, y]): RegionShape => ({ kind: 'point', point: { x, y } }));
  return fc.oneof(
    { weight: 3, arbitrary: box },
    { weight: 2, arbitrary: polygon },
    { weight: 1, arbitrary: point },
  );
}

const provenance: fc.Arbitrary<Provenance> = fc.oneof(
  fc.record({
    source: fc.constant('human' as const),
    author: fc.constantFrom('', 'ana', '李'),
    createdAt: fc.nat(),
  }),
  fc.record({
    source: fc.constant('model' as const),
    modelId: fc.constant('Qwen/Qwen3-VL-2B-Instruct'),
    revision: fc.constant('abc'),
    task: fc.constant('detect'),
    params: fc.constant({}),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    createdAt: fc.nat(),
  }),
);

const attributes = fc.dictionary(
  fc.constantFrom('color', 'occluded', 'count', '备注'),
  fc.oneof(fc.string({ maxLength: 6 }), fc.boolean(), fc.integer({ min: -5, max: 100 })),
  { maxKeys: 3 },
);

function regionIn(classes: LabelClass[], width: number, height: number): fc.Arbitrary<Region> {
  const label = classes.length > 0 ? fc.oneof(fc.constantFrom(...classes), labelText) : labelText;
  return fc
    .record({
      id: uuid,
      shape: shapeIn(width, height),
      label,
      attributes,
      provenance,
      text: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
      modelState: fc.constantFrom('suggested' as const, 'accepted' as const, 'rejected' as const),
    })
    .map(({ id, shape, label: l, attributes: a, provenance: p, text, modelState }): Region => {
      const known = typeof l !== 'string';
      const region: Region = {
        id: id as RegionId,
        shape,
        classId: known ? l.id : null,
        label: known ? l.name : l.trim(),
        attributes: a,
        note: '',
        hidden: false,
        locked: false,
        provenance: p,
        state: p.source === 'model' ? modelState : 'accepted',
        updatedAt: 1,
        updatedBy: '',
      };
      if (text !== undefined) region.text = text;
      return region;
    })
    .filter((r) => r.label.length > 0);
}

const fileName = fc
  .tuple(
    fc.constantFrom('', 'set1/', '子目录/', 'a b/c/'),
    fc.string({
      unit: fc.constantFrom(...Array.from('abcxyz猫🐶-_ 1')),
      minLength: 1,
      maxLength: 8,
    }),
    fc.constantFrom('.jpg', '.png', '.webp'),
  )
  .map(([dir, stem, ext]) => `${dir}${stem.trim() || 'img'}${ext}`);

export interface GeneratedProject {
  project: Project;
  items: ExportItem[];
}

/** A project with random schema, images (portrait, landscape, EXIF-rotated sizes), some never opened. */
export const projectArb: fc.Arbitrary<GeneratedProject> = fc
  .record({
    projectId: uuid,
    classes: schemaClasses,
    // Unique without extension too: YOLO names label files by the image path minus its extension.
    paths: fc.uniqueArray(fileName, {
      minLength: 1,
      maxLength: 5,
      selector: (p) => p.toLowerCase().replace(/\.\w+$/, ''),
    }),
    imageIds: fc.uniqueArray(uuid, { minLength: 5, maxLength: 5 }),
  })
  .chain(({ projectId, classes, paths, imageIds }) =>
    fc
      .tuple(
        ...paths.map((path, index) =>
          fc
            .record({
              id: fc.constant(imageIds[index]!),
              width: fc.integer({ min: 8, max: 4000 }),
              height: fc.integer({ min: 8, max: 4000 }),
              status: fc.constantFrom(...REVIEW_STATUSES),
            })
            .chain((img) =>
              fc.record({
                img: fc.constant(img),
                opened: fc.boolean(),
                regions: fc.array(regionIn(classes, img.width, img.height), { maxLength: 5 }),
                caption: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
                tags: fc.uniqueArray(labelText, { maxLength: 3 }),
              }),
            )
            .map(({ img, opened, regions, caption, tags }): ExportItem => {
              const image: ImageItem = {
                id: img.id as ImageId,
                projectId: projectId as ProjectId,
                fileName: path.split('/').pop()!,
                relativePath: path,
                mime: 'image/jpeg',
                byteSize: 10,
                width: img.width,
                height: img.height,
                contentHash: '0'.repeat(64),
                status: img.status,
                reviewReasons: [],
                createdAt: 1,
                updatedAt: 1,
              };
              const tracked = {
                provenance: { source: 'human' as const, author: '', createdAt: 1 },
                state: 'accepted' as const,
                updatedAt: 1,
                updatedBy: '',
              };
              const annotations: ImageAnnotations | null = opened
                ? {
                    imageId: image.id,
                    projectId: image.projectId,
                    regions,
                    caption:
                      caption === null ? null : { text: caption, language: 'en', ...tracked },
                    tags: tags.map((value) => ({ value, dimension: '', ...tracked })),
                    ocr: [],
                    fields: null,
                    answers: [],
                    updatedAt: 1,
                  }
                : null;
              return { image, annotations };
            }),
        ),
      )
      .map((items): GeneratedProject => ({
        project: {
          id: projectId as ProjectId,
          name: 'Test 项目',
          schema: { ...emptySchema(), classes },
          reviewThreshold: 0.85,
          createdAt: 1,
          updatedAt: 1,
        },
        items,
      })),
  );
