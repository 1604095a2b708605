import { randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ImageItem, Project, RegionId } from '../domain';
import { emptySchema } from '../domain';
import { testRegion } from '../domain/test-regions';
import { restoreBackup } from './backup/backup';
import { csvCell } from './csv/csv-text';
import { parseCsv } from './csv/parse';
import { REGION_COLUMNS } from './csv/columns';
import { csvRow } from './csv/csv-text';
import { parseJsonl } from './jsonl/parse';
import { openZip, ZIP_ENTRY_MAX_BYTES } from './zip/read';
import { streamToBlob, zipStream } from './zip/write';

const NOW = 1_700_000_000_000;
const IMAGE_ID = '11111111-1111-4111-8111-111111111111';
const PROJECT_ID = '22222222-2222-4222-8222-222222222222';

const project: Project = {
  id: PROJECT_ID as Project['id'],
  name: 'P',
  schema: emptySchema(),
  reviewThreshold: 0.85,
  createdAt: NOW,
  updatedAt: NOW,
};

function image(extra: Partial<ImageItem> = {}): ImageItem {
  return {
    id: IMAGE_ID as ImageItem['id'],
    projectId: PROJECT_ID as ImageItem['projectId'],
    fileName: 'a.png',
    relativePath: 'a.png',
    mime: 'image/png',
    byteSize: 3,
    width: 4,
    height: 3,
    contentHash: 'ab',
    status: 'new',
    reviewReasons: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

const region = testRegion({
  id: '33333333-3333-4333-8333-333333333333' as RegionId,
  shape: { kind: 'box', box: { x: 0, y: 0, w: 1, h: 1 } },
  label: 'car',
  provenance: { source: 'human', author: '', createdAt: NOW },
  updatedAt: NOW,
  updatedBy: '',
});

function record(regions: unknown[], imageId = IMAGE_ID) {
  return {
    imageId,
    projectId: PROJECT_ID,
    regions,
    caption: null,
    tags: [],
    ocr: [],
    fields: null,
    answers: [],
    updatedAt: NOW,
  };
}

function line(item: ImageItem, regions: unknown[] = [region]): string {
  return JSON.stringify({
    image_id: item.id,
    file_name: item.relativePath,
    regions: [],
    annota: { version: 1, image: item, annotations: record(regions, item.id) },
  });
}

/** A backup zip written by hand (fflate directly), so it can carry what our writer refuses. */
function backupZip(
  lines: string[],
  header: unknown = { format: 'annota-backup', version: 1, project },
  images: string[] = ['a.png'],
) {
  const files: Record<string, Uint8Array> = {
    'project.json': strToU8(JSON.stringify(header)),
    'annotations.jsonl': strToU8(lines.join('\n') + '\n'),
  };
  for (const path of images) files[`images/${path}`] = new Uint8Array([1, 2, 3]);
  return new Blob([zipSync(files)]);
}

describe('row 1: a JSONL full record the app cannot draw is refused with line and field', () => {
  it('refuses a circle shape', () => {
    const text = `${line(image())}\n${line(image({ id: '44444444-4444-4444-8444-444444444444' as ImageItem['id'] }), [{ ...region, shape: { kind: 'circle' } }])}`;
    expect(() => parseJsonl(text, 'f.jsonl')).toThrow(
      expect.objectContaining({ line: 2, field: 'annota.annotations.regions[0].shape.kind' }),
    );
  });
  it('refuses a non-string label', () => {
    expect(() => parseJsonl(line(image(), [{ ...region, label: { x: 1 } }]), 'f.jsonl')).toThrow(
      expect.objectContaining({ line: 1, field: 'annota.annotations.regions[0].label' }),
    );
  });
});

describe('row 3: unsafe image paths never restore, and never get written to a zip', () => {
  it.each(['../../../../../home/evil.png', '/etc/cron.d/evil.png', 'C:/evil.png', 'a\\..\\b.png'])(
    'refuses a backup whose image path is %s',
    async (path) => {
      const zip = backupZip([line(image({ relativePath: path }))], undefined, [path]);
      await expect(restoreBackup(zip, 'b.zip')).rejects.toMatchObject({
        line: 1,
        field: 'annota.image.relativePath',
      });
    },
  );
  it('the zip writer refuses an entry that would unpack outside its folder', async () => {
    const stream = zipStream([{ path: 'images/../../evil.png', data: 'x', compress: true }]);
    await expect(streamToBlob(stream, '')).rejects.toMatchObject({
      field: 'images/../../evil.png',
    });
  });
});

describe('row 9: damaged schemas and duplicate images are refused, not half-restored', () => {
  it('refuses a schema without its lists', async () => {
    const header = {
      format: 'annota-backup',
      version: 1,
      project: { ...project, schema: { foo: 1 } },
    };
    await expect(restoreBackup(backupZip([line(image())], header), 'b.zip')).rejects.toMatchObject({
      field: 'project.schema.classes',
    });
  });
  it('refuses a colour that would carry CSS (row 6)', async () => {
    const schema = {
      ...emptySchema(),
      classes: [
        {
          id: 'c',
          name: 'car',
          color: 'red;position:fixed;inset:0',
          hotkey: '',
          attributes: [],
          synonyms: [],
        },
      ],
    };
    const header = { format: 'annota-backup', version: 1, project: { ...project, schema } };
    await expect(restoreBackup(backupZip([line(image())], header), 'b.zip')).rejects.toMatchObject({
      field: 'project.schema.classes[0].color',
    });
  });
  it('refuses a second image with the same id', async () => {
    const zip = backupZip(
      [line(image()), line(image({ relativePath: 'b.png', fileName: 'b.png' }))],
      undefined,
      ['a.png', 'b.png'],
    );
    await expect(restoreBackup(zip, 'b.zip')).rejects.toMatchObject({
      line: 2,
      field: 'annota.image.id',
    });
  });
});

/** Rewrites the declared uncompressed size of every entry in the central directory. */
function lieAboutSize(zip: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let p = 0; p + 4 <= out.length; p++)
    if (view.getUint32(p, true) === 0x02014b50) view.setUint32(p + 24, size, true);
  return out;
}

describe('row 4: zip sizes are capped and big JSONL streams line by line', () => {
  it('refuses an entry declared bigger than the cap without inflating it', async () => {
    const zip = lieAboutSize(zipSync({ 'a.txt': strToU8('hello') }), ZIP_ENTRY_MAX_BYTES + 1);
    const archive = await openZip(new Blob([zip]), 'z.zip');
    await expect(archive.text(archive.entries[0]!)).rejects.toMatchObject({
      key: 'unsupported-zip',
      field: 'a.txt',
    });
  });
  it('stops an entry that inflates past its declared size (a lying header)', async () => {
    const zip = lieAboutSize(zipSync({ 'a.txt': strToU8('x'.repeat(100_000)) }), 10);
    const archive = await openZip(new Blob([zip]), 'z.zip');
    await expect(archive.text(archive.entries[0]!)).rejects.toMatchObject({ key: 'invalid-zip' });
    const lines = archive.lines(archive.entries[0]!);
    await expect(lines.next()).rejects.toMatchObject({ key: 'invalid-zip' });
  });
  it('hands out the first lines before the whole entry is read', async () => {
    // Random hex barely compresses: several 1 MiB reads.
    const hex = randomBytes(40_000 * 40).toString('hex');
    const rows: string[] = [];
    for (let i = 0; i < 40_000; i++)
      rows.push(`{"n":${i},"r":"${hex.slice(i * 80, i * 80 + 80)}"}`);
    const zip = zipSync({ 'big.jsonl': strToU8(rows.join('\n')) }, { level: 1 });
    const archive = await openZip(new Blob([zip]), 'z.zip');
    const entry = archive.entries[0]!;
    let read = 0;
    const seen: number[] = [];
    let readAtFirstLine = -1;
    for await (const [n, text] of archive.lines(entry, { onProgress: (done) => (read = done) })) {
      if (readAtFirstLine < 0) readAtFirstLine = read;
      if (text.startsWith(`{"n":${n - 1},`)) seen.push(n);
    }
    expect(seen.length).toBe(40_000);
    expect(entry.compressedSize).toBeGreaterThan(1.5 * 1024 * 1024);
    expect(readAtFirstLine).toBeLessThan(entry.compressedSize);
  });
  it('can be cancelled mid-read', async () => {
    const zip = zipSync({ 'a.jsonl': strToU8('{}\n'.repeat(10)) });
    const archive = await openZip(new Blob([zip]), 'z.zip');
    const stop = new AbortController();
    stop.abort();
    await expect(
      archive.lines(archive.entries[0]!, { signal: stop.signal }).next(),
    ).rejects.toThrow();
  });
});

describe('row 7: CSV cells are neutralised against formula injection, and read back exactly', () => {
  it.each(['=cmd|" /C calc"!A0', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx', "'=x", "''+x"])(
    'writes %j as text and reads it back unchanged',
    (label) => {
      const cell = csvCell(label);
      expect(cell.replace(/^"/, '')).toMatch(/^'/);
      const row = [
        IMAGE_ID,
        'a.png',
        4,
        3,
        '',
        label,
        'box',
        0,
        0,
        1,
        1,
        '',
        label,
        '{}',
        '',
        'human',
        'accepted',
      ];
      const text = csvRow(REGION_COLUMNS) + csvRow(row);
      const parsed = parseCsv(text);
      expect(parsed.records[0]!.regions[0]!.label).toBe(label);
      expect(parsed.records[0]!.regions[0]!.text).toBe(label);
    },
  );
  it('leaves ordinary text and numbers alone', () => {
    expect(csvCell('car')).toBe('car');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell("it's")).toBe("it's");
  });
});
