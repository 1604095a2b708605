import { createHash } from 'node:crypto';
import {
  emptyAnnotations,
  imageTypeFromName,
  newId,
  type ImageItem,
  type ProjectId,
} from '../src/domain';
import { applyModelAnswer } from '../src/ai/apply-answer';
import type { TaskResult } from '../src/ai/tasks/types';
import { jsonlLine, type JsonlLine } from '../src/formats/jsonl/line';

/** The project id of CLI results: the app re-homes every record onto its own image on import. */
const CLI_PROJECT = '00000000-0000-4000-8000-000000000000' as ProjectId;

/**
 * One image's answer as a line of the app's JSONL, with the full records under `annota` (model
 * provenance, confidence, suggestion state, review reasons, the raw answer), so the app imports
 * it as suggestions waiting for review.
 */
export function resultLine(
  file: { relativePath: string; bytes: Buffer; width: number; height: number },
  result: TaskResult,
  threshold: number,
  now: number,
): JsonlLine {
  const name = file.relativePath.split('/').pop()!;
  const image: ImageItem = {
    id: newId<'image'>(),
    projectId: CLI_PROJECT,
    fileName: name,
    relativePath: file.relativePath,
    mime: imageTypeFromName(name) ?? 'image/jpeg',
    byteSize: file.bytes.length,
    width: file.width,
    height: file.height,
    contentHash: createHash('sha256').update(file.bytes).digest('hex'),
    status: 'new',
    reviewReasons: [],
    createdAt: now,
    updatedAt: now,
  };
  const applied = applyModelAnswer(
    emptyAnnotations(image.id, CLI_PROJECT, now),
    image,
    result,
    threshold,
    now,
  );
  return jsonlLine(applied.image, applied.annotations, applied.annotations);
}
