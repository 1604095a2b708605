import type { ImageAnnotations, ImageId, ImageItem, Region, RegionShape } from '../domain';
import type { LabelPass } from './agreement';
import type { LabeledBox } from './iou-match';

function boxOf(shape: RegionShape): LabeledBox['box'] | null {
  return shape.kind === 'box' ? shape.box : null;
}

/** The box as the model first made it (a person's edit keeps the original). */
export function modelBox(region: Region): LabeledBox | null {
  const shape = region.modelOriginal?.shape ?? region.shape;
  const box = boxOf(shape);
  return box ? { label: region.modelOriginal?.label ?? region.label, box } : null;
}

export function finalBox(region: Region): LabeledBox | null {
  if (region.state !== 'accepted') return null;
  const box = boxOf(region.shape);
  return box ? { label: region.label, box } : null;
}

/**
 * Two passes from the project itself: everything the model drew (as it drew it), and the final
 * boxes of the images a person has accepted. Compared, they say how far people had to correct it.
 */
export function projectPasses(
  images: readonly ImageItem[],
  annotations: ReadonlyMap<ImageId, ImageAnnotations>,
  names: { model: string; people: string },
): { model: LabelPass; people: LabelPass } {
  const model = new Map<string, LabeledBox[]>();
  const people = new Map<string, LabeledBox[]>();
  for (const image of images) {
    const a = annotations.get(image.id);
    if (!a) continue;
    const fromModel = a.regions
      .filter((r) => r.provenance.source === 'model')
      .map(modelBox)
      .filter((b): b is LabeledBox => b !== null);
    if (fromModel.length > 0) model.set(image.relativePath, fromModel);
    if (image.status === 'accepted')
      people.set(
        image.relativePath,
        a.regions.map(finalBox).filter((b): b is LabeledBox => b !== null),
      );
  }
  return {
    model: { name: names.model, images: model },
    people: { name: names.people, images: people },
  };
}

/** An image's regions as read from an export (the formats layer's imported shape, structurally). */
export interface PassImage {
  relativePath: string;
  regions: readonly { label: string; shape: RegionShape; state?: Region['state'] }[];
}

/** A pass read from an export file: the boxes it holds per image, rejected ones left out. */
export function passFromImport(name: string, records: readonly PassImage[]): LabelPass {
  const images = new Map<string, LabeledBox[]>();
  for (const record of records) {
    const boxes: LabeledBox[] = [];
    for (const r of record.regions) {
      const box = r.state === 'rejected' ? null : boxOf(r.shape);
      if (box) boxes.push({ label: r.label, box });
    }
    images.set(record.relativePath, [...(images.get(record.relativePath) ?? []), ...boxes]);
  }
  return { name, images };
}
