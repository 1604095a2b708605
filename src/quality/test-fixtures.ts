import type {
  Box,
  Caption,
  ImageAnnotations,
  ImageId,
  ImageItem,
  OcrLine,
  OcrLineId,
  ProjectId,
  Region,
  RegionId,
  Tag,
  Tracked,
} from '../domain';
import { emptyAnnotations } from '../domain';
import { testModelProvenance } from '../domain/test-regions';

export const NOW = 1_700_000_000_000;
export const PROJECT = 'p' as ProjectId;

let counter = 0;

export function model(confidence = 0.9, task = 'detect'): Tracked<never> {
  return {
    provenance: testModelProvenance(confidence, { task, createdAt: NOW }),
    state: 'suggested',
    updatedAt: NOW,
    updatedBy: '',
  };
}

export const human: Tracked<never> = {
  provenance: { source: 'human', author: 'ann', createdAt: NOW },
  state: 'accepted',
  updatedAt: NOW,
  updatedBy: 'ann',
};

export function box(label: string, b: Box, tracked: Partial<Tracked<unknown>> = {}): Region {
  return {
    id: `r${counter++}` as RegionId,
    shape: { kind: 'box', box: b },
    classId: null,
    label,
    attributes: {},
    note: '',
    hidden: false,
    locked: false,
    ...model(),
    ...tracked,
  } as Region;
}

export function caption(text: string, tracked: Partial<Tracked<unknown>> = {}): Caption {
  return { text, language: 'en', ...model(0.9, 'caption-tags'), ...tracked } as Caption;
}

export function tag(value: string, tracked: Partial<Tracked<unknown>> = {}): Tag {
  return { value, dimension: '', ...model(0.9, 'caption-tags'), ...tracked } as Tag;
}

export function line(text: string, tracked: Partial<Tracked<unknown>> = {}): OcrLine {
  return {
    id: `l${counter++}` as OcrLineId,
    text,
    box: null,
    order: 0,
    ...model(0.9, 'ocr'),
    ...tracked,
  } as OcrLine;
}

export function img(n: number, extra: Partial<ImageItem> = {}): ImageItem {
  return {
    id: `i${n}` as ImageId,
    projectId: PROJECT,
    fileName: `${n}.png`,
    relativePath: `${n}.png`,
    mime: 'image/png',
    byteSize: 1,
    width: 100,
    height: 100,
    contentHash: `h${n}`,
    status: 'pre-annotated',
    reviewReasons: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

export function ann(n: number, parts: Partial<ImageAnnotations>): ImageAnnotations {
  return { ...emptyAnnotations(`i${n}` as ImageId, PROJECT, NOW), ...parts };
}
