import { describe, expect, it } from 'vitest';
import type { OcrLine, OcrLineId } from '../domain';
import { ocrOutline, shownOcrLines } from './shape-paint';

function line(over: Partial<OcrLine>): OcrLine {
  return {
    id: 'l' as OcrLineId,
    text: 'ANNOTA',
    box: { x: 10, y: 20, w: 100, h: 30 },
    order: 0,
    provenance: { source: 'human', author: '', createdAt: 0 },
    state: 'suggested',
    updatedAt: 0,
    updatedBy: '',
    ...over,
  };
}

describe('OCR outlines', () => {
  it('follow the quad when the engine gave one, else the box', () => {
    expect(ocrOutline(line({}))).toEqual([
      { x: 10, y: 20 },
      { x: 110, y: 20 },
      { x: 110, y: 50 },
      { x: 10, y: 50 },
    ]);
    expect(ocrOutline(line({ quad: [10, 25, 110, 20, 112, 48, 12, 53] }))).toEqual([
      { x: 10, y: 25 },
      { x: 110, y: 20 },
      { x: 112, y: 48 },
      { x: 12, y: 53 },
    ]);
  });

  it('leave out rejected lines and lines without a place', () => {
    const shown = shownOcrLines([
      line({ text: 'kept', state: 'accepted' }),
      line({ text: 'rejected', state: 'rejected' }),
      line({ text: 'nowhere', box: null }),
    ]);
    expect(shown.map((s) => s.line.text)).toEqual(['kept']);
  });
});
