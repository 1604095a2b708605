import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCoco } from './coco/parse';
import { parseCsv } from './csv/parse';
import { csvRow } from './csv/csv-text';
import { REGION_COLUMNS } from './csv/columns';
import { FormatError } from './errors';
import { parseJsonl } from './jsonl/parse';
import { parseVoc } from './voc/parse';
import { parseDataYamlNames } from './yolo/data-yaml';
import { parseYolo } from './yolo/parse';

function errorOf(run: () => unknown): FormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return error as FormatError;
  }
  throw new Error('expected a FormatError');
}

describe('JSONL errors name line and field', () => {
  const ok = '{"file_name":"a.jpg","regions":[]}';
  it('bad JSON on line N', () => {
    expect(errorOf(() => parseJsonl(`${ok}\n${ok}\n{"file_name": `, 'f.jsonl'))).toMatchObject({
      key: 'invalid-json',
      line: 3,
      file: 'f.jsonl',
      format: 'jsonl',
    });
  });
  it('missing fields and wrong types', () => {
    expect(errorOf(() => parseJsonl(`${ok}\n{"regions":[]}`))).toMatchObject({
      key: 'missing-field',
      line: 2,
      field: 'file_name',
    });
    expect(errorOf(() => parseJsonl('{"file_name":"a","regions":[{"label":"x"}]}'))).toMatchObject({
      key: 'missing-field',
      field: 'regions[0].bbox',
    });
    expect(
      errorOf(() => parseJsonl('{"file_name":"a","regions":[{"label":1,"bbox":[0,0,1,1]}]}')),
    ).toMatchObject({ key: 'wrong-type', field: 'regions[0].label' });
    expect(
      errorOf(() => parseJsonl('{"file_name":"a","regions":[{"label":"x","polygon":[1,2,3]}]}')),
    ).toMatchObject({ key: 'invalid-value', field: 'regions[0].polygon' });
    expect(
      errorOf(() =>
        parseJsonl('{"file_name":"a","regions":[{"label":"x","bbox":[0,0,1,1],"confidence":2}]}'),
      ),
    ).toMatchObject({ field: 'regions[0].confidence' });
    expect(errorOf(() => parseJsonl('{"file_name":"a","status":"done"}'))).toMatchObject({
      key: 'invalid-value',
      field: 'status',
    });
    expect(errorOf(() => parseJsonl('[1,2]'))).toMatchObject({ key: 'wrong-type', line: 1 });
    expect(errorOf(() => parseJsonl('\n\n'))).toMatchObject({ key: 'empty-file' });
  });
});

describe('CSV errors', () => {
  const header = csvRow(REGION_COLUMNS);
  const row = (cells: string[]) => csvRow(cells);
  const good = [
    'id',
    'a.jpg',
    '10',
    '10',
    '',
    'cat',
    'box',
    '1',
    '1',
    '2',
    '2',
    '',
    '',
    '{}',
    '',
    'human',
    'accepted',
  ];
  it('wrong column counts name the line', () => {
    expect(
      errorOf(() => parseCsv(header + row(good) + row(good.slice(0, 5)), undefined, 'r.csv')),
    ).toMatchObject({
      key: 'wrong-column-count',
      line: 3,
      file: 'r.csv',
      params: { expected: 17, actual: 5 },
    });
  });
  it('bad numbers, shapes, quotes and headers', () => {
    const bad = [...good];
    bad[7] = 'abc';
    expect(errorOf(() => parseCsv(header + row(bad)))).toMatchObject({
      key: 'invalid-value',
      line: 2,
      field: 'x',
    });
    const shape = [...good];
    shape[6] = 'circle';
    expect(errorOf(() => parseCsv(header + row(shape)))).toMatchObject({ field: 'shape' });
    expect(errorOf(() => parseCsv(header + 'a,"unterminated\n'))).toMatchObject({ line: 2 });
    expect(errorOf(() => parseCsv('file_name,label\n'))).toMatchObject({
      key: 'missing-field',
      line: 1,
    });
    const attrs = [...good];
    attrs[13] = '{bad';
    expect(errorOf(() => parseCsv(header + row(attrs)))).toMatchObject({
      key: 'invalid-json',
      field: 'attributes',
      line: 2,
    });
  });
  it('keeps commas, quotes and line breaks inside cells', () => {
    const cells = [...good];
    cells[5] = 'a,b "c"\nd';
    const { records } = parseCsv(header + row(cells) + row(good));
    expect(records[0]!.regions.map((r) => r.label)).toEqual(['a,b "c"\nd', 'cat']);
  });
});

describe('YOLO errors', () => {
  const names = { path: 'data.yaml', text: 'names:\n  - cat\n  - 狗\n' };
  it('values outside [0, 1], wrong column counts, unknown classes', () => {
    expect(
      errorOf(() =>
        parseYolo([{ path: 'labels/a.txt', text: '0 0.5 0.5 0.2 0.2\n0 1.5 0.5 0.2 0.2' }], names),
      ),
    ).toMatchObject({
      key: 'invalid-value',
      line: 2,
      field: 'column 2',
      file: 'labels/a.txt',
    });
    expect(
      errorOf(() => parseYolo([{ path: 'labels/a.txt', text: '0 0.5 0.5 0.2' }], names)),
    ).toMatchObject({ key: 'wrong-column-count', line: 1 });
    expect(
      errorOf(() => parseYolo([{ path: 'labels/a.txt', text: '7 0.5 0.5 0.2 0.2' }], names)),
    ).toMatchObject({ field: 'class' });
    expect(
      errorOf(() => parseYolo([{ path: 'labels/a.txt', text: 'x 0.5 0.5 0.2 0.2' }], names)),
    ).toMatchObject({ field: 'class' });
  });
  it('reads every data.yaml layout', () => {
    expect(parseDataYamlNames('nc: 2\nnames: [cat, "狗 dog"]\n')).toEqual(['cat', '狗 dog']);
    expect(parseDataYamlNames("names:\n  0: cat\n  1: 'it''s'\n")).toEqual(['cat', "it's"]);
    expect(parseDataYamlNames('names:\n- a # comment\n- b\n')).toEqual(['a', 'b']);
    expect(errorOf(() => parseDataYamlNames('nc: 1\n'))).toMatchObject({
      key: 'missing-field',
      field: 'names',
    });
    expect(errorOf(() => parseDataYamlNames('names:\n  0: a\n  2: c\n'))).toMatchObject({
      key: 'missing-field',
    });
  });
  it('without names, class indices become labels with a warning', () => {
    const { records, warnings } = parseYolo([
      { path: 'x/labels/sub/a.txt', text: '3 0.5 0.5 0.2 0.2\n' },
    ]);
    expect(records[0]).toMatchObject({
      relativePath: 'sub/a',
      matchStem: true,
      regions: [{ label: '3' }],
    });
    expect(warnings.map((w) => w.key)).toEqual(['unknown-category']);
  });
});

describe('VOC errors', () => {
  const voc = (objects: string) =>
    `<?xml version="1.0"?>\n<annotation>\n<filename>a.jpg</filename>\n<size><width>10</width><height>10</height></size>\n${objects}</annotation>`;
  it('bad XML names the line', () => {
    expect(
      errorOf(() =>
        parseVoc([
          {
            path: 'A/a.xml',
            text: '<annotation>\n<filename>a</filename>\n<object>\n</annotation>',
          },
        ]),
      ),
    ).toMatchObject({
      key: 'invalid-xml',
      line: 4,
      file: 'A/a.xml',
    });
    expect(
      errorOf(() => parseVoc([{ path: 'a.xml', text: '<annotation>&bogus;</annotation>' }])),
    ).toMatchObject({ key: 'invalid-xml' });
    expect(errorOf(() => parseVoc([{ path: 'a.xml', text: '' }]))).toMatchObject({
      key: 'empty-file',
    });
  });
  it('missing and non-numeric fields', () => {
    expect(
      errorOf(() =>
        parseVoc([
          { path: 'a.xml', text: voc('<object><bndbox><xmin>1</xmin></bndbox></object>\n') },
        ]),
      ),
    ).toMatchObject({
      key: 'missing-field',
      field: 'object[0].name',
    });
    expect(
      errorOf(() =>
        parseVoc([
          {
            path: 'a.xml',
            text: voc(
              '<object><name>c</name><bndbox><xmin>1</xmin><ymin>x</ymin><xmax>3</xmax><ymax>3</ymax></bndbox></object>\n',
            ),
          },
        ]),
      ),
    ).toMatchObject({
      key: 'invalid-value',
      field: 'object[0].bndbox.ymin',
      line: 5,
    });
    expect(errorOf(() => parseVoc([{ path: 'a.xml', text: '<doc/>' }]))).toMatchObject({
      key: 'invalid-value',
    });
  });
  it('reads foreign VOC: absolute paths fall back to the file name, entities decode', () => {
    const text = voc(
      '<object><name>Tom &amp; Jerry</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>4</ymax></bndbox></object>\n',
    ).replace('<filename>', '<path>/home/u/VOC/JPEGImages/a.jpg</path><filename>');
    const { records } = parseVoc([{ path: 'a.xml', text }]);
    expect(records[0]).toMatchObject({
      relativePath: 'a.jpg',
      regions: [{ label: 'Tom & Jerry', shape: { box: { x: 0, y: 0, w: 5, h: 4 } } }],
    });
  });
});

describe('no parser crashes on arbitrary input', () => {
  const parsers: [string, (text: string) => unknown][] = [
    ['jsonl', (t) => parseJsonl(t)],
    ['coco', (t) => parseCoco(t)],
    ['csv', (t) => parseCsv(t, t)],
    ['yolo', (t) => parseYolo([{ path: 'labels/a.txt', text: t }], { path: 'data.yaml', text: t })],
    ['voc', (t) => parseVoc([{ path: 'a.xml', text: t }])],
  ];
  const inputs = fc.oneof(
    fc.string(),
    fc.json(),
    fc
      .jsonValue()
      .map((v) => JSON.stringify({ file_name: 'a', images: [v], regions: [v], annotations: [v] })),
    fc
      .array(
        fc.constantFrom(
          '<',
          '>',
          '/',
          'a',
          'annotation',
          'object',
          '"',
          ',',
          '\n',
          ' ',
          '0.5',
          '1',
          '{',
          '}',
          '&',
          'names:',
          '- x',
        ),
        { maxLength: 40 },
      )
      .map((a) => a.join('')),
  );
  for (const [name, parse] of parsers)
    it(`${name}: a result or a FormatError, nothing else`, () => {
      fc.assert(
        fc.property(inputs, (text) => {
          try {
            parse(text);
          } catch (error) {
            expect(error).toBeInstanceOf(FormatError);
          }
        }),
        { numRuns: 300 },
      );
    });
});
