import type { ImageItem, LabelSchema, Region, Size } from '../../domain';
import {
  clampBox,
  clampPoint,
  polygonFromPoints,
  polygonPoints,
  polygonShape,
  shapeBounds,
} from '../../domain';
import { rleArea, ringsToRle } from '../../segment';
import { categoryIds, categoryName } from '../categories';
import { warning } from '../errors';
import { imageEntries, regionField, round, selectedImages } from '../run';
import { boxPolygon, shapeArea } from '../shapes';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from '../types';
import type { CocoAnnotation, CocoCaptions, CocoImage, CocoInstances } from './types';
import { COCO_CAPTIONS_FILE, COCO_INSTANCES_FILE, COCO_TEXT_CATEGORY } from './types';

/** Clamps to the image (records from older versions or imports may spill over), then rounds. */
function exportShape(
  region: Region,
  size: Size,
): {
  bbox: CocoAnnotation['bbox'];
  polygon: number[] | null;
  holes: number[][];
  area: number;
  clamped: boolean;
} | null {
  if (region.shape.kind === 'point') return null;
  let polygon: number[] | null = null;
  let holes: number[][] = [];
  let clamped = false;
  const clampRing = (ring: number[]) =>
    polygonFromPoints(
      polygonPoints(ring).map((p) => {
        const c = clampPoint(p, size);
        if (c.x !== p.x || c.y !== p.y) clamped = true;
        return { x: round(c.x), y: round(c.y) };
      }),
    );
  if (region.shape.kind === 'polygon') {
    polygon = clampRing(region.shape.points);
    holes = (region.shape.holes ?? []).map(clampRing);
  }
  const raw = polygon
    ? shapeBounds({ kind: 'polygon', points: polygon })
    : shapeBounds(region.shape);
  const box = clampBox(raw, size);
  if (box.x !== raw.x || box.y !== raw.y || box.w !== raw.w || box.h !== raw.h) clamped = true;
  const x = round(box.x);
  const y = round(box.y);
  const w = Math.min(round(box.w), size.width - x);
  const h = Math.min(round(box.h), size.height - y);
  const area = polygon ? shapeArea(polygonShape(polygon, holes)) : w * h;
  if (!(w > 0 && h > 0 && area > 0)) return null;
  return { bbox: [x, y, w, h], polygon, holes, area: round(area), clamped };
}

function annotaOf(region: Region, shape: CocoAnnotation['annota']['shape']) {
  return {
    id: region.id,
    shape,
    label: region.label,
    confidence: region.provenance.source === 'model' ? region.provenance.confidence : null,
    source: region.provenance.source,
    state: region.state,
    ...(region.text !== undefined ? { text: region.text } : {}),
  };
}

export interface CocoBuild {
  instances: CocoInstances;
  captions: CocoCaptions | null;
  images: ImageItem[];
}

/** Builds the COCO documents in one pass; annotation and image ids count from 1. */
export async function buildCoco(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
): Promise<CocoBuild> {
  const schema: LabelSchema = input.project.schema;
  const info = {
    description: input.project.name,
    version: '1.0',
    date_created: new Date().toISOString(),
  };
  const cocoImages: CocoImage[] = [];
  const annotations: (Omit<CocoAnnotation, 'category_id'> & {
    category_id: number;
    name: string;
  })[] = [];
  const captions: CocoCaptions['annotations'] = [];
  const images: ImageItem[] = [];
  const used = new Set<string>();
  /** Labels with point regions: their categories carry `keypoints`. */
  const pointNames = new Set<string>();
  for await (const { image, annotations: a } of selectedImages(input, options, hooks)) {
    const imageId = cocoImages.length + 1;
    cocoImages.push({
      id: imageId,
      file_name: image.relativePath,
      width: image.width,
      height: image.height,
      annota: { id: image.id, status: image.status, tags: a?.tags.map((t) => t.value) ?? [] },
      ...(image.source
        ? { extra: { source_file: image.source.file, source_page: image.source.page } }
        : {}),
    });
    if (options.withImages) images.push(image);
    if (a?.caption)
      captions.push({ id: captions.length + 1, image_id: imageId, caption: a.caption.text });
    for (const region of a?.regions ?? []) {
      const at = {
        format: 'coco' as const,
        file: COCO_INSTANCES_FILE,
        field: `${image.relativePath} ${regionField(a?.regions ?? [], region)}`,
      };
      if (region.shape.kind === 'point') {
        const p = clampPoint(region.shape.point, image);
        if (p.x !== region.shape.point.x || p.y !== region.shape.point.y)
          hooks.onWarning?.(warning(at, 'box-clamped', { label: region.label }));
        const name = categoryName(schema, region);
        used.add(name);
        pointNames.add(name);
        const x = round(p.x);
        const y = round(p.y);
        // A point is a one-keypoint instance: its box is the point itself, as no extent is known.
        annotations.push({
          id: annotations.length + 1,
          image_id: imageId,
          category_id: 0,
          name,
          bbox: [x, y, 0, 0],
          area: 0,
          segmentation: [],
          iscrowd: 0,
          keypoints: [x, y, 2],
          num_keypoints: 1,
          attributes: region.attributes,
          annota: annotaOf(region, 'point'),
        });
        continue;
      }
      const shape = exportShape(region, image);
      if (!shape) {
        hooks.onWarning?.(
          warning(at, 'region-skipped-empty', { kind: region.shape.kind, label: region.label }),
        );
        continue;
      }
      if (shape.clamped) hooks.onWarning?.(warning(at, 'box-clamped', { label: region.label }));
      const name = categoryName(schema, region);
      used.add(name);
      // A polygon list cannot say which ring is a hole (COCO reads every ring as a part): holes
      // go out as RLE, and every polygon does when the user asks for masks.
      const rle =
        shape.polygon && (options.cocoRle || shape.holes.length > 0)
          ? ringsToRle([shape.polygon, ...shape.holes], image)
          : null;
      annotations.push({
        id: annotations.length + 1,
        image_id: imageId,
        category_id: 0,
        name,
        bbox: shape.bbox,
        area: rle ? rleArea(rle) : shape.area,
        segmentation: rle ?? [
          shape.polygon ??
            boxPolygon({ x: shape.bbox[0], y: shape.bbox[1], w: shape.bbox[2], h: shape.bbox[3] }),
        ],
        iscrowd: 0,
        attributes: region.attributes,
        annota: annotaOf(region, region.shape.kind === 'polygon' ? 'polygon' : 'box'),
      });
    }
    for (const line of a?.ocr ?? []) {
      if (!line.box) continue;
      used.add(COCO_TEXT_CATEGORY);
      const quad = line.quad?.length === 8 ? line.quad.map((v) => round(v)) : null;
      annotations.push({
        id: annotations.length + 1,
        image_id: imageId,
        category_id: 0,
        name: COCO_TEXT_CATEGORY,
        bbox: [round(line.box.x), round(line.box.y), round(line.box.w), round(line.box.h)],
        area: round(line.box.w * line.box.h),
        segmentation: [quad ?? boxPolygon(line.box)],
        iscrowd: 0,
        attributes: { text: line.text },
        annota: {
          id: line.id,
          shape: quad ? 'polygon' : 'box',
          label: COCO_TEXT_CATEGORY,
          confidence: line.provenance.source === 'model' ? line.provenance.confidence : null,
          source: line.provenance.source,
          state: line.state,
          text: line.text,
          kind: 'ocr-line',
        },
      });
    }
  }
  const ids = categoryIds(schema, used);
  const finished: CocoAnnotation[] = annotations.map(({ name, ...rest }) => {
    rest.category_id = ids.get(name)!;
    // Every annotation of a keypoint category has keypoints; boxes have none labeled (COCO's
    // keypoint evaluation ignores instances with num_keypoints 0).
    if (pointNames.has(name) && !rest.keypoints) {
      rest.keypoints = [0, 0, 0];
      rest.num_keypoints = 0;
    }
    return rest;
  });
  return {
    instances: {
      info,
      licenses: [],
      images: cocoImages,
      categories: [...ids].map(([name, id]) =>
        pointNames.has(name) ? { id, name, keypoints: [name], skeleton: [] } : { id, name },
      ),
      annotations: finished,
    },
    captions: captions.length > 0 ? { info, images: cocoImages, annotations: captions } : null,
    images,
  };
}

/** Streams a big array document without one giant JSON.stringify call. */
export async function* jsonChunks(doc: object): AsyncGenerator<string> {
  const entries = Object.entries(doc);
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    yield `${i > 0 ? ',' : ''}${JSON.stringify(key)}:`;
    if (Array.isArray(value)) {
      yield '[';
      for (let j = 0; j < value.length; j++)
        yield (j > 0 ? ',\n' : '\n') + JSON.stringify(value[j]);
      yield ']';
    } else yield JSON.stringify(value);
  }
  yield '}\n';
}

/** annotations/instances.json, annotations/captions.json when captions exist, then images/. */
export async function* serializeCoco(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
): AsyncGenerator<FileEntry> {
  const built = await buildCoco(input, options, hooks);
  yield { path: COCO_INSTANCES_FILE, data: jsonChunks(built.instances), compress: true };
  if (built.captions)
    yield { path: COCO_CAPTIONS_FILE, data: jsonChunks(built.captions), compress: true };
  if (options.withImages) yield* imageEntries(built.images, input);
}
