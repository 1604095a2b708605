import { describe, expect, it } from 'vitest';
import type { ImageAnnotations, ImageId } from '../domain';
import { passAgreement } from './agreement';
import { reportCsv, reportJson } from './export';
import { outcomeOf } from './outcomes';
import { passFromImport, projectPasses } from './passes';
import { MANUAL_SECONDS, qualityReport } from './report';
import { ann, box, caption, human, img, line, model, NOW, tag } from './test-fixtures';

const accepted = { state: 'accepted', updatedBy: 'ann' } as const;
const rejected = { state: 'rejected', updatedBy: 'ann' } as const;

function project() {
  const images = [
    img(1, { status: 'accepted', review: { by: 'ann', at: NOW, ms: 4000 } }),
    img(2, { status: 'accepted', review: { by: 'bo', at: NOW, ms: 6000 } }),
    img(3, { status: 'needs-review' }),
  ];
  const all: ImageAnnotations[] = [
    ann(1, {
      regions: [
        box('car', { x: 0, y: 0, w: 10, h: 10 }, accepted),
        // Moved by a person: the model's box is kept as the original.
        {
          ...box('car', { x: 0, y: 0, w: 10, h: 20 }, accepted),
          modelOriginal: {
            shape: { kind: 'box', box: { x: 0, y: 0, w: 10, h: 10 } },
            classId: null,
            label: 'car',
            attributes: {},
            note: '',
            hidden: false,
            locked: false,
          },
        },
        box('person', { x: 50, y: 50, w: 5, h: 5 }, rejected),
        box('person', { x: 60, y: 60, w: 5, h: 5 }, human),
      ],
      caption: {
        ...caption('A red shoe on white.', accepted),
        modelOriginal: { text: 'A shoe.', language: 'en' },
      },
      tags: [tag('shoe', accepted), tag('blue', rejected), tag('red', human)],
    }),
    ann(2, {
      caption: caption('Two apples on a table.', accepted),
      ocr: [
        {
          ...line('ANNOTA DEMO', accepted),
          modelOriginal: { text: 'ANN0TA DEMO', box: null, order: 0 },
        },
        line('总计 ¥42.00', accepted),
        line('junk', rejected),
      ],
    }),
    ann(3, { regions: [box('dog', { x: 0, y: 0, w: 5, h: 5 }, model(0.4))] }),
  ];
  return {
    images,
    annotations: new Map(all.map((a) => [a.imageId, a] as [ImageId, ImageAnnotations])),
  };
}

describe('outcomeOf', () => {
  it('tells accepted, edited, rejected, pending and human records apart', () => {
    expect(outcomeOf(box('a', { x: 0, y: 0, w: 1, h: 1 }, accepted))).toBe('accepted-unchanged');
    expect(
      outcomeOf({ ...caption('x', accepted), modelOriginal: { text: 'y', language: 'en' } }),
    ).toBe('edited');
    expect(outcomeOf(tag('x', rejected))).toBe('rejected');
    expect(outcomeOf(tag('x'))).toBe('pending');
    expect(outcomeOf(tag('x', human))).toBe('human-added');
  });
});

describe('qualityReport', () => {
  const { images, annotations } = project();
  const r = qualityReport(images, annotations);

  it('counts what became of the model’s suggestions, overall and per kind', () => {
    expect(r.images).toBe(3);
    expect(r.statusCounts).toMatchObject({ accepted: 2, 'needs-review': 1, new: 0 });
    expect(r.outcomes).toEqual({
      'accepted-unchanged': 4, // car, shoe, apples caption, 总计 line
      edited: 3, // moved car, shoe caption, ANNOTA line
      rejected: 3, // person, blue, junk
      pending: 1, // dog
      'human-added': 2, // person box, red tag
    });
    expect(r.byKind.regions).toEqual({
      'accepted-unchanged': 1,
      edited: 1,
      rejected: 1,
      pending: 1,
      'human-added': 1,
    });
  });

  it('measures box IoU between the model’s boxes and the final ones', () => {
    expect(r.boxIoU.pairs).toBe(2);
    expect(r.boxIoU.mean).toBeCloseTo((1 + 0.5) / 2, 10);
    expect(r.boxIoU.histogram[9]).toBe(1);
    expect(r.boxIoU.histogram[5]).toBe(1);
  });

  it('computes caption and tag edit rates and the OCR character error rate', () => {
    expect(r.captionEditRate).toBeCloseTo(1 / 2, 10);
    // Model tags decided: blue (rejected) and the kept one; the person's red tag is no edit.
    expect(r.tagEditRate).toBeCloseTo(1 / 2, 10);
    expect(r.ocr.lines).toBe(2);
    expect(r.ocr.cer).toBeCloseTo(1 / (11 + 9), 10);
  });

  it('reports review time, reviewers and the time saved', () => {
    expect(r.reviewTime).toEqual({ images: 2, meanMs: 5000, medianMs: 5000 });
    expect(r.reviewers).toEqual([
      { name: 'ann', images: 1 },
      { name: 'bo', images: 1 },
    ]);
    const s = MANUAL_SECONDS;
    const manual =
      s.regions +
      s.regions / 2 +
      s.caption / 2 +
      s.tags + // image 1
      s.caption +
      s.ocr / 2 +
      s.ocr; // image 2
    expect(r.timeSaved.manualMs).toBeCloseTo(manual * 1000, 6);
    expect(r.timeSaved.reviewMs).toBe(10_000);
    expect(r.timeSaved.savedMs).toBeCloseTo(manual * 1000 - 10_000, 6);
  });

  it('says nothing changed where no model proposed anything', () => {
    const { images, annotations } = project();
    const humanOnly = new Map(
      [...annotations].map(([id, a]) => [
        id,
        { ...a, tags: a.tags.filter((t) => t.provenance.source === 'human'), caption: null },
      ]),
    );
    const h = qualityReport(images, humanOnly);
    expect(h.tagEditRate).toBeNull();
    expect(h.captionEditRate).toBeNull();
  });

  it('is empty-safe', () => {
    const e = qualityReport([], new Map());
    expect(e.boxIoU.mean).toBeNull();
    expect(e.captionEditRate).toBeNull();
    expect(e.tagEditRate).toBeNull();
    expect(e.ocr.cer).toBeNull();
    expect(e.reviewTime.meanMs).toBeNull();
  });
});

describe('model vs people passes', () => {
  it('compares the model’s original boxes with the final boxes of accepted images', () => {
    const { images, annotations } = project();
    const { model: m, people } = projectPasses(images, annotations, {
      model: 'Model',
      people: 'People',
    });
    expect([...m.images.keys()]).toEqual(['1.png', '3.png']);
    expect(m.images.get('1.png')).toHaveLength(3);
    expect([...people.images.keys()]).toEqual(['1.png', '2.png']);
    expect(people.images.get('1.png')!.map((b) => b.label)).toEqual(['car', 'car', 'person']);
    const g = passAgreement(m, people);
    expect(g.images).toBe(1);
    // Both model cars match a final car (one kept, one stretched to twice its height);
    // the rejected person matches nothing.
    expect(g.matched).toBe(2);
    expect(g.meanIoU).toBeCloseTo((1 + 0.5) / 2, 10);
  });
});

describe('export', () => {
  const { images, annotations } = project();
  const data = {
    generatedAt: '2024-01-01T00:00:00.000Z',
    project: 'Shoes, "best"',
    report: qualityReport(images, annotations),
    agreement: [
      passAgreement(
        {
          name: 'a',
          images: new Map([
            ['1.png', [{ label: '=HYPERLINK("x")', box: { x: 0, y: 0, w: 1, h: 1 } }]],
          ]),
        },
        {
          name: 'b',
          images: new Map([
            ['1.png', [{ label: '=hyperlink("x")', box: { x: 0, y: 0, w: 1, h: 1 } }]],
          ]),
        },
      ),
    ],
  };

  it('writes JSON that reads back to the same report', () => {
    expect(JSON.parse(reportJson(data))).toEqual(JSON.parse(JSON.stringify(data)));
  });

  it('writes CSV with one metric per row, quoted where needed, formulas defused', () => {
    const csv = reportCsv(data);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('section,metric,value');
    expect(lines).toContain('outcome,accepted-unchanged,4');
    expect(lines).toContain('ocr,cer,0.05');
    expect(lines).toContain('time,saved_ms,' + String(data.report.timeSaved.savedMs));
    expect(lines).toContain('reviewer,ann,1');
    expect(csv).toContain(`"agreement:a vs b:=HYPERLINK(""x"")",mean_iou,1`);
    const hostile = reportCsv({
      ...data,
      agreement: [],
      report: qualityReport([img(9, { review: { by: '=cmd()', at: NOW, ms: 1 } })], new Map()),
    });
    expect(hostile).toContain("reviewer,'=cmd(),1");
  });
});

describe('passFromImport', () => {
  it('keeps the boxes of each image, leaving out rejected regions and other shapes', () => {
    const p = passFromImport('Ann', [
      {
        relativePath: 'a/1.png',
        regions: [
          { label: 'car', shape: { kind: 'box', box: { x: 1, y: 2, w: 3, h: 4 } } },
          {
            label: 'car',
            shape: { kind: 'box', box: { x: 0, y: 0, w: 1, h: 1 } },
            state: 'rejected',
          },
          { label: 'pin', shape: { kind: 'point', point: { x: 1, y: 1 } } },
        ],
      },
      { relativePath: 'a/2.png', regions: [] },
    ]);
    expect(p.name).toBe('Ann');
    expect(p.images.get('a/1.png')).toEqual([{ label: 'car', box: { x: 1, y: 2, w: 3, h: 4 } }]);
    expect(p.images.get('a/2.png')).toEqual([]);
  });
});
