import type {
  ImageAnnotations,
  ImageId,
  LabelClass,
  LabelClassId,
  LabelSchema,
  OcrLine,
  OcrLineId,
  ProjectId,
  Region,
  RegionId,
  RegionShape,
} from '../../domain';
import { emptyAnnotations } from '../../domain';
import { RegionClipboard } from '../clipboard';
import type { ScreenPointer, SessionIntents } from '../session';
import { EditorSession } from '../session';

export const car: LabelClass = {
  id: 'class-car' as LabelClassId,
  name: 'car',
  color: '#e6194b',
  hotkey: '1',
  attributes: [{ name: 'occluded', type: 'bool' }],
  synonyms: [],
};
export const person: LabelClass = {
  id: 'class-person' as LabelClassId,
  name: 'person',
  color: '#3cb44b',
  hotkey: '2',
  attributes: [],
  synonyms: [],
};
export const schema: LabelSchema = {
  classes: [car, person],
  tagVocabulary: ['day', 'night'],
  captionLanguage: 'en',
  fields: [],
};

export const IMAGE = 'image-1' as ImageId;
export const PROJECT = 'project-1' as ProjectId;
export const NOW = 1_700_000_000_000;

export function annotations(regions: Region[] = []): ImageAnnotations {
  return { ...emptyAnnotations(IMAGE, PROJECT, NOW), regions };
}

export function humanRegion(id: string, shape: RegionShape, extra: Partial<Region> = {}): Region {
  return {
    id: id as RegionId,
    shape,
    classId: car.id,
    label: car.name,
    attributes: {},
    note: '',
    hidden: false,
    locked: false,
    provenance: { source: 'human', author: 'ann', createdAt: NOW },
    state: 'accepted',
    updatedAt: NOW,
    updatedBy: 'ann',
    ...extra,
  };
}

export function modelRegion(id: string, shape: RegionShape, extra: Partial<Region> = {}): Region {
  return humanRegion(id, shape, {
    provenance: {
      source: 'model',
      modelId: 'qwen3-vl-2b',
      revision: 'abc',
      task: 'detect',
      params: {},
      confidence: 0.8,
      createdAt: NOW,
    },
    state: 'suggested',
    updatedBy: '',
    ...extra,
  });
}

/**
 * A 4000×3000 image on an 800×600 screen at scale 0.5 with offset (-100, -50):
 * image (x, y) is at screen (x/2 - 100, y/2 - 50).
 */
export function session(
  regions: Region[] = [],
  intents: Partial<SessionIntents> = {},
  clipboard = new RegionClipboard(),
  imageId = IMAGE,
  ocr: OcrLine[] = [],
): EditorSession {
  let t = NOW;
  const s = new EditorSession({
    annotations: { ...annotations(regions), imageId, ocr },
    schema,
    imageSize: { width: 4000, height: 3000 },
    author: 'bob',
    screen: { width: 800, height: 600 },
    clock: () => ++t,
    clipboard,
    intents,
  });
  s.setViewport({ ...s.viewport, scale: 0.5, offsetX: -100, offsetY: -50 });
  return s;
}

/** An OCR line as a model suggests it. */
export function modelOcrLine(id: string, extra: Partial<OcrLine> = {}): OcrLine {
  return {
    id: id as OcrLineId,
    text: 'STOP',
    box: { x: 1000, y: 1000, w: 800, h: 200 },
    order: 0,
    provenance: {
      source: 'model',
      modelId: 'qwen3-vl-2b',
      revision: 'abc',
      task: 'ocr',
      params: {},
      confidence: 0.9,
      createdAt: NOW,
    },
    state: 'suggested',
    updatedAt: NOW,
    updatedBy: '',
    ...extra,
  };
}

/** The fixture's session with OCR lines (and regions) on the image. */
export function ocrSession(ocr: OcrLine[], regions: Region[] = []): EditorSession {
  return session(regions, {}, new RegionClipboard(), IMAGE, ocr);
}

/** Screen position of an image point in the fixture's viewport. */
export function at(x: number, y: number): ScreenPointer {
  return {
    screen: { x: x / 2 - 100, y: y / 2 - 50 },
    button: 0,
    shift: false,
    alt: false,
    mod: false,
    clicks: 1,
  };
}

export function drag(
  s: EditorSession,
  from: [number, number],
  to: [number, number],
  mods: Partial<ScreenPointer> = {},
): void {
  s.pointerDown({ ...at(...from), ...mods });
  const steps = 4;
  for (let i = 1; i <= steps; i++) {
    const x = from[0] + ((to[0] - from[0]) * i) / steps;
    const y = from[1] + ((to[1] - from[1]) * i) / steps;
    s.pointerMove({ ...at(x, y), ...mods });
  }
  s.pointerUp({ ...at(...to), ...mods });
}

export function key(
  k: string,
  mods: { shift?: boolean; mod?: boolean; alt?: boolean; code?: string } = {},
) {
  return { key: k, shift: false, alt: false, mod: false, ...mods };
}
