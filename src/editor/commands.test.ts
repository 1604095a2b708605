import { describe, expect, it } from 'vitest';
import type { ImageAnnotations, OcrLineId, RegionId, Tag } from '../domain';
import type { Command } from './commands';
import {
  acceptAll,
  acceptSuggestions,
  acceptTag,
  addOcrLine,
  addTag,
  deleteRegions,
  rejectAll,
  rejectSuggestions,
  removeOcrLine,
  removeTag,
  setAttribute,
  setCaption,
  setField,
  setHidden,
  setLabel,
  setLocked,
  setNote,
  setOcrCorners,
  setOcrText,
  updateRegion,
} from './commands';
import { annotations, humanRegion, modelRegion, NOW, person, session } from './test/fixtures';

const id = (s: string) => s as RegionId;
const boxA = humanRegion('a', { kind: 'box', box: { x: 0, y: 0, w: 10, h: 10 } });
const boxM = modelRegion('m', { kind: 'box', box: { x: 20, y: 20, w: 10, h: 10 } });
const modelTag: Tag = {
  value: 'night',
  dimension: 'time',
  provenance: boxM.provenance,
  state: 'suggested',
  updatedAt: NOW,
  updatedBy: '',
};
const start: ImageAnnotations = {
  ...annotations([boxA, boxM]),
  tags: [modelTag],
  caption: {
    text: 'a car',
    language: 'en',
    provenance: boxM.provenance,
    state: 'suggested',
    updatedAt: NOW,
    updatedBy: '',
  },
  ocr: [
    {
      id: 'l1' as OcrLineId,
      text: 'STOP',
      box: null,
      order: 0,
      provenance: boxM.provenance,
      state: 'suggested',
      updatedAt: NOW,
      updatedBy: '',
    },
  ],
};

const cases: [string, Command, (a: ImageAnnotations) => void][] = [
  [
    'update-region',
    updateRegion(id('a'), { text: 'x' }),
    (a) => expect(a.regions[0]?.text).toBe('x'),
  ],
  [
    'delete-regions',
    deleteRegions([id('a')]),
    (a) => expect(a.regions.map((r) => r.id)).toEqual(['m']),
  ],
  [
    'set-label',
    setLabel([id('a'), id('m')], person),
    (a) => {
      expect(a.regions.map((r) => r.label)).toEqual(['person', 'person']);
      expect(a.regions[1]?.modelOriginal?.label).toBe('car');
    },
  ],
  [
    'set-attribute',
    setAttribute(id('a'), 'occluded', true),
    (a) => expect(a.regions[0]?.attributes).toEqual({ occluded: true }),
  ],
  [
    'set-note',
    setNote(id('a'), 'half hidden'),
    (a) => expect(a.regions[0]?.note).toBe('half hidden'),
  ],
  [
    'set-hidden',
    setHidden([id('m')], true),
    (a) => {
      expect(a.regions[1]?.hidden).toBe(true);
      // Hiding is a view choice: it does not accept the suggestion.
      expect(a.regions[1]?.state).toBe('suggested');
    },
  ],
  ['set-locked', setLocked([id('a')], true), (a) => expect(a.regions[0]?.locked).toBe(true)],
  [
    'accept-suggestions',
    acceptSuggestions([id('m')]),
    (a) => expect(a.regions[1]?.state).toBe('accepted'),
  ],
  [
    'reject-suggestions',
    rejectSuggestions([id('m')]),
    (a) => expect(a.regions[1]?.state).toBe('rejected'),
  ],
  [
    'accept-all',
    acceptAll(),
    (a) => {
      expect(a.regions[1]?.state).toBe('accepted');
      expect(a.tags[0]?.state).toBe('accepted');
      expect(a.caption?.state).toBe('accepted');
      expect(a.ocr[0]?.state).toBe('accepted');
    },
  ],
  [
    'reject-all',
    rejectAll(),
    (a) =>
      expect([a.regions[1]?.state, a.tags[0]?.state, a.caption?.state]).toEqual([
        'rejected',
        'rejected',
        'rejected',
      ]),
  ],
  [
    'set-caption',
    setCaption({ text: 'a red car', language: 'en' }),
    (a) => {
      expect(a.caption?.text).toBe('a red car');
      expect(a.caption?.modelOriginal).toEqual({ text: 'a car', language: 'en' });
      expect(a.caption?.state).toBe('accepted');
    },
  ],
  [
    'add-tag',
    addTag('day'),
    (a) =>
      expect(a.tags.map((t) => [t.value, t.provenance.source])).toEqual([
        ['night', 'model'],
        ['day', 'human'],
      ]),
  ],
  ['remove-tag (model → rejected)', removeTag(0), (a) => expect(a.tags[0]?.state).toBe('rejected')],
  ['accept-tag', acceptTag(0), (a) => expect(a.tags[0]?.state).toBe('accepted')],
  [
    'add-ocr-line',
    addOcrLine('EXIT'),
    (a) =>
      expect(a.ocr.map((l) => [l.text, l.order])).toEqual([
        ['STOP', 0],
        ['EXIT', 1],
      ]),
  ],
  [
    'set-ocr-text',
    setOcrText('l1' as OcrLineId, 'STOP!'),
    (a) => {
      expect(a.ocr[0]?.text).toBe('STOP!');
      expect(a.ocr[0]?.modelOriginal?.text).toBe('STOP');
    },
  ],
  [
    'remove-ocr-line (model → rejected)',
    removeOcrLine('l1' as OcrLineId),
    (a) => expect(a.ocr.map((l) => l.state)).toEqual(['rejected']),
  ],
  [
    'set-ocr-corners (a line without a place gets a quad and its box)',
    setOcrCorners('l1' as OcrLineId, [
      { x: 10, y: 20 },
      { x: 110, y: 10 },
      { x: 115, y: 40 },
      { x: 12, y: 52 },
    ]),
    (a) => {
      expect(a.ocr[0]?.quad).toEqual([10, 20, 110, 10, 115, 40, 12, 52]);
      expect(a.ocr[0]?.box).toEqual({ x: 10, y: 10, w: 105, h: 42 });
      expect(a.ocr[0]?.state).toBe('accepted');
      expect(a.ocr[0]?.modelOriginal).toEqual({ text: 'STOP', box: null, order: 0 });
    },
  ],
  [
    'set-field',
    setField('plate', 'AB-123'),
    (a) => expect(a.fields?.values).toEqual({ plate: 'AB-123' }),
  ],
];

describe('commands', () => {
  it.each(cases)('%s applies, undoes and redoes', (_name, command, check) => {
    const s = session();
    s.apply({ name: 'load', run: () => start });
    const before = s.annotations;
    expect(s.apply(command)).toBe(true);
    const after = s.annotations;
    check(after);
    s.undo();
    expect(s.annotations).toBe(before);
    s.redo();
    expect(s.annotations).toBe(after);
  });

  it('stamps the editor and time on what it changes', () => {
    const s = session([boxA]);
    s.apply(setNote(id('a'), 'n'));
    expect(s.regions[0]?.updatedBy).toBe('bob');
    expect(s.regions[0]!.updatedAt).toBeGreaterThan(NOW);
    expect(s.annotations.updatedAt).toBeGreaterThan(NOW);
  });

  it('a command that changes nothing records nothing', () => {
    const s = session([boxA]);
    expect(s.apply(setNote(id('a'), ''))).toBe(false);
    expect(s.apply(deleteRegions([id('zzz')]))).toBe(false);
    expect(s.canUndo).toBe(false);
  });

  it('removing a human OCR line drops it', () => {
    const s = session();
    s.apply(addOcrLine('EXIT'));
    s.apply(removeOcrLine(s.annotations.ocr[0]!.id));
    expect(s.annotations.ocr).toEqual([]);
  });

  it('the same corners again record nothing', () => {
    const s = session();
    s.apply({ name: 'load', run: () => start });
    const corners = [
      { x: 1, y: 2 },
      { x: 9, y: 2 },
      { x: 9, y: 6 },
      { x: 1, y: 6 },
    ];
    expect(s.apply(setOcrCorners('l1' as OcrLineId, corners))).toBe(true);
    expect(s.apply(setOcrCorners('l1' as OcrLineId, corners))).toBe(false);
    expect(s.apply(setOcrCorners('nope' as OcrLineId, corners))).toBe(false);
  });

  it('removing a human tag drops it', () => {
    const s = session();
    s.apply(addTag('sunny'));
    s.apply(removeTag(0));
    expect(s.annotations.tags).toEqual([]);
  });
});
