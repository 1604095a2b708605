import { describe, expect, it } from 'vitest';
import type { OcrLine, OcrLineId } from '../domain';
import { shownOcrLines } from './shape-paint';

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
  it('leave out rejected lines and lines without a place', () => {
    const shown = shownOcrLines([
      line({ text: 'kept', state: 'accepted' }),
      line({ text: 'rejected', state: 'rejected' }),
      line({ text: 'nowhere', box: null }),
    ]);
    expect(shown.map((s) => s.line.text)).toEqual(['kept']);
    // The outline is the line's corners: its box's here (src/domain/ocr-quad.test.ts).
    expect(shown[0]!.outline).toHaveLength(4);
  });
});
