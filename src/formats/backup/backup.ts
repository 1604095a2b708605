import type { ImageAnnotations, ImageItem, Project } from '../../domain';
import { checkImageItem, checkProject } from '../../domain';
import type { FormatLocation } from '../errors';
import { FormatError, guardParse, refuseProblems } from '../errors';
import { asObject, parseJson, required } from '../json-fields';
import { JSONL_FILE, serializeJsonl } from '../jsonl/serialize';
import { parseJsonlLine } from '../jsonl/parse';
import type { ExportHooks, ExportInput, ExportOptions, FileEntry } from '../types';
import { openZip, type ReadHooks } from '../zip/read';
import { zipStream } from '../zip/write';

export const BACKUP_FORMAT = 'annota-backup';
export const BACKUP_VERSION = 1;
const PROJECT_FILE = 'project.json';

/** Everything, whatever its state: a backup is not an export of final labels. */
const EVERYTHING: ExportOptions = { filter: {}, include: 'accepted+suggested', withImages: true };

/** project.json (project + schema), annotations.jsonl with the exact records, images/<relativePath>. */
export async function* backupEntries(
  input: ExportInput,
  hooks: ExportHooks = {},
): AsyncGenerator<FileEntry> {
  const header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, project: input.project };
  yield { path: PROJECT_FILE, data: JSON.stringify(header, null, 2) + '\n', compress: true };
  yield* serializeJsonl(input, EVERYTHING, hooks, { fullFidelity: true });
}

export function backupStream(
  input: ExportInput,
  hooks: ExportHooks = {},
): ReadableStream<Uint8Array> {
  return zipStream(backupEntries(input, hooks));
}

export interface RestoredBackup {
  project: Project;
  images: { item: ImageItem; blob: Blob }[];
  /** Records of the images that had any (images never annotated have none). */
  annotations: ImageAnnotations[];
}

/** One line's exact records; checked enough that an edited backup cannot crash the restore. */
function backupLine(
  at: FormatLocation,
  text: string,
): { item: ImageItem; annotations: ImageAnnotations | null } {
  const line = asObject(at, '(line)', parseJson(at, text));
  const annota = asObject(at, 'annota', required(at, line, 'annota', 'annota'));
  const image = required(at, annota, 'image', 'annota.image');
  refuseProblems(at, checkImageItem(image, 'annota.image'));
  if (annota.annotations === null)
    return { item: image as unknown as ImageItem, annotations: null };
  // The record itself is checked by the JSONL parser's full-fidelity reader.
  return {
    item: image as unknown as ImageItem,
    annotations: parseJsonlLine(text, at).record ?? null,
  };
}

/** Reads a backup zip back to exactly the records it was made from; image bytes stay lazy slices. */
export async function restoreBackup(
  archive: Blob,
  file = 'backup.zip',
  hooks: ReadHooks = {},
): Promise<RestoredBackup> {
  const zip = await openZip(archive, file);
  const at: FormatLocation = { format: 'backup', file };
  const projectEntry = zip.get(PROJECT_FILE);
  const jsonlEntry = zip.get(JSONL_FILE);
  if (!projectEntry) throw new FormatError({ ...at, field: PROJECT_FILE }, 'missing-file');
  if (!jsonlEntry) throw new FormatError({ ...at, field: JSONL_FILE }, 'missing-file');
  const headerAt: FormatLocation = { ...at, file: `${file}/${PROJECT_FILE}` };
  const headerText = await zip.text(projectEntry);
  const project = guardParse(headerAt, () => {
    const header = asObject(headerAt, '(root)', parseJson(headerAt, headerText));
    if (header.format !== BACKUP_FORMAT)
      throw new FormatError({ ...headerAt, field: 'format' }, 'invalid-value', {
        expected: BACKUP_FORMAT,
      });
    if (header.version !== BACKUP_VERSION)
      throw new FormatError({ ...headerAt, field: 'version' }, 'invalid-value', {
        expected: BACKUP_VERSION,
      });
    const p = required(headerAt, header, 'project', 'project');
    refuseProblems(headerAt, checkProject(p));
    return p as Project;
  });
  const jsonlFile = `${file}/${JSONL_FILE}`;
  const images: RestoredBackup['images'] = [];
  const annotations: ImageAnnotations[] = [];
  const seenIds = new Set<string>();
  const seenPaths = new Set<string>();
  // Line by line from the inflating stream: a backup of any size never becomes one string.
  for await (const [number, text] of zip.lines(jsonlEntry, hooks)) {
    if (!text.trim()) continue;
    const lineAt: FormatLocation = { format: 'backup', file: jsonlFile, line: number };
    const { item, annotations: record } = guardParse(lineAt, () => backupLine(lineAt, text));
    // A repeated id or path would silently drop an image (or overwrite its file) on restore.
    if (seenIds.has(item.id))
      throw new FormatError({ ...lineAt, field: 'annota.image.id' }, 'invalid-value', {
        reason: `duplicate image id ${item.id}`,
      });
    if (seenPaths.has(item.relativePath))
      throw new FormatError({ ...lineAt, field: 'annota.image.relativePath' }, 'invalid-value', {
        reason: `duplicate path ${item.relativePath}`,
      });
    seenIds.add(item.id);
    seenPaths.add(item.relativePath);
    if (record && record.imageId !== item.id)
      throw new FormatError({ ...lineAt, field: 'annota.annotations.imageId' }, 'invalid-value', {
        reason: "not the id of the line's image",
      });
    const entry = zip.get(`images/${item.relativePath}`);
    if (!entry)
      throw new FormatError({ ...at, field: `images/${item.relativePath}` }, 'missing-file');
    images.push({ item, blob: await zip.blob(entry, item.mime) });
    if (record) annotations.push(record);
  }
  return { project, images, annotations };
}
