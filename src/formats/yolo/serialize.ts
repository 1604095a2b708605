import type { ImageItem, Region, Size } from '../../domain';
import { clamp, clampBox, polygonPoints, shapeBounds } from '../../domain';
import { categoryIds, categoryName } from '../categories';
import { warning } from '../errors';
import { imageEntries, regionField, round, selectedImages } from '../run';
import { boxPolygon, hasExtent } from '../shapes';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from '../types';
import { dataYaml } from './data-yaml';
import { splitImages, type Subset } from './split';

export type YoloTask = 'detect' | 'segment' | 'pose';

/**
 * labels/[<subset>/]<relativePath without extension>.txt — the layout Ultralytics pairs with
 * images/[<subset>/]<relativePath>.
 */
export function labelPath(relativePath: string, subset?: Subset): string {
  const dot = relativePath.lastIndexOf('.');
  const slash = relativePath.lastIndexOf('/');
  const stem = dot > slash + 1 ? relativePath.slice(0, dot) : relativePath;
  return `labels/${subset ? `${subset}/` : ''}${stem}.txt`;
}

const norm = (v: number, size: number) => round(clamp(v / size, 0, 1), 6);

/** The one keypoint of a pose row: a point region's position, visible; on other shapes unlabeled. */
function keypoint(region: Region, size: Size): string {
  if (region.shape.kind !== 'point') return '0 0 0';
  const p = region.shape.point;
  return `${norm(p.x, size.width)} ${norm(p.y, size.height)} 2`;
}

function row(region: Region, size: Size, task: YoloTask): string {
  if (task === 'pose' && region.shape.kind === 'point') {
    const p = region.shape.point;
    // A point is an instance whose box is the point itself (no extent is known) and one keypoint.
    return `${norm(p.x, size.width)} ${norm(p.y, size.height)} 0 0 ${keypoint(region, size)}`;
  }
  if (task === 'segment') {
    const ring =
      region.shape.kind === 'polygon' ? region.shape.points : boxPolygon(shapeBounds(region.shape));
    const coords = polygonPoints(ring).flatMap((p) => [
      norm(p.x, size.width),
      norm(p.y, size.height),
    ]);
    return coords.join(' ');
  }
  const b = clampBox(shapeBounds(region.shape), size);
  const box = [
    norm(b.x + b.w / 2, size.width),
    norm(b.y + b.h / 2, size.height),
    norm(b.w, size.width),
    norm(b.h, size.height),
  ].join(' ');
  return task === 'pose' ? `${box} ${keypoint(region, size)}` : box;
}

/**
 * YOLO detect (class cx cy w h), segment (class x1 y1 … xn yn) or pose (class cx cy w h px py v,
 * one keypoint: point regions are visible keypoints with an empty box, other regions their box with
 * the keypoint unlabeled; data.yaml says kpt_shape [1, 3]), all normalized to [0, 1];
 * data.yaml lists class names in id order. Label files wait in memory (short strings) because class
 * ids of labels outside the schema are only known once every image has been seen.
 */
export async function* serializeYolo(
  input: ExportInput,
  options: ExportOptions,
  hooks: ExportHooks = {},
  task: YoloTask = 'detect',
): AsyncGenerator<FileEntry> {
  const schema = input.project.schema;
  const pending: { image: ImageItem; rows: { name: string; coords: string }[] }[] = [];
  const images: ImageItem[] = [];
  const used = new Set<string>();
  const paths = new Set<string>();
  for await (const { image, annotations } of selectedImages(input, options, hooks)) {
    if (options.withImages) images.push(image);
    const rows: { name: string; coords: string }[] = [];
    for (const region of annotations?.regions ?? []) {
      const pose = task === 'pose' && region.shape.kind === 'point';
      if (!pose && !hasExtent(region.shape)) {
        hooks.onWarning?.(
          warning(
            {
              format: 'yolo',
              file: labelPath(image.relativePath),
              field: regionField(annotations?.regions ?? [], region),
            },
            'region-skipped-empty',
            {
              kind: region.shape.kind,
              label: region.label,
            },
          ),
        );
        continue;
      }
      const name = categoryName(schema, region);
      used.add(name);
      rows.push({ name, coords: row(region, image, task) });
    }
    const path = labelPath(image.relativePath);
    // a.jpg and a.png share labels/a.txt in YOLO's layout: say so rather than overwrite silently.
    if (paths.has(path))
      hooks.onWarning?.(
        warning({ format: 'yolo', file: path }, 'duplicate-image-entry', {
          path: image.relativePath,
        }),
      );
    paths.add(path);
    pending.push({ image, rows });
  }
  const ids = categoryIds(schema, used);
  const subsets = options.split
    ? splitImages(
        pending.map((p) => p.image.id),
        options.split,
      )
    : null;
  const subsetsUsed = new Set(subsets?.values());
  yield {
    path: 'data.yaml',
    data: dataYaml(
      input.project.name,
      [...ids.keys()],
      subsets ? [...subsetsUsed] : undefined,
      task === 'pose',
    ),
    compress: true,
  };
  for (const file of pending) {
    const text = file.rows.map((r) => `${ids.get(r.name)! - 1} ${r.coords}\n`).join('');
    const subset = subsets?.get(file.image.id);
    yield { path: labelPath(file.image.relativePath, subset), data: text, compress: true };
  }
  if (!options.withImages) return;
  if (!subsets) yield* imageEntries(images, input);
  else
    for (const subset of ['train', 'val', 'test'] as const)
      yield* imageEntries(
        images.filter((i) => subsets.get(i.id) === subset),
        input,
        `images/${subset}`,
      );
}
