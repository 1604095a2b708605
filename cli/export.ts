import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createProject, type ImageAnnotations, type ImageItem } from '../src/domain';
import { buildCoco, jsonChunks } from '../src/formats/coco/serialize';
import type { ExportItem } from '../src/formats/types';

/** The records of each line of a batch's results (the `annota` key the batch writes). */
async function* resultItems(path: string): AsyncGenerator<ExportItem> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let record: { annota?: { image?: ImageItem; annotations?: ImageAnnotations | null } };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      throw new Error(`${path}, line ${n}: not JSON`);
    }
    if (!record.annota?.image)
      throw new Error(`${path}, line ${n}: not a line of annota batch results (no "annota" key)`);
    yield { image: record.annota.image, annotations: record.annota.annotations ?? null };
  }
}

/**
 * Batch results → COCO instances, suggestions included (nobody has reviewed them yet); category
 * ids follow the labels in code-point order, as the app's export does for labels outside a schema.
 */
export async function exportCoco(input: string, out: string): Promise<string> {
  const built = await buildCoco(
    { project: createProject('annota batch'), items: resultItems(input), total: 0 },
    { filter: {}, include: 'accepted+suggested', withImages: false },
  );
  const stream = createWriteStream(out);
  for await (const chunk of jsonChunks(built.instances))
    if (!stream.write(chunk)) await once(stream, 'drain');
  stream.end();
  await once(stream, 'finish');
  return `${built.instances.images.length} images, ${built.instances.annotations.length} regions, ${built.instances.categories.length} categories → ${out}`;
}
