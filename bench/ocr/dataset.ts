/**
 * The OCR benchmark set, generated with exact ground truth: single lines of Chinese and English at
 * several sizes, rotations and backgrounds, and whole synthetic pages. Text is drawn by librsvg
 * (through sharp) with the Debian Noto CJK font; a line's truth quad is the minimum-area rectangle of
 * its own ink, found by drawing it alone in the same place.
 */
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { convexHull, minAreaRect, rectQuad, type Quad, type Vec } from '../../workers/ocr/geometry';
import type { RgbaImage } from '../../workers/ocr/pixels';
import { seededRandom } from '../../src/domain/seeded-random';

export const FONT = 'Noto Sans CJK SC';

export const CHINESE = [
  '增值税专用发票',
  '购买方名称：上海华东贸易有限公司',
  '纳税人识别号：91310115MA1H7XQ21K',
  '开票日期：2024年03月18日',
  '价税合计（大写）壹仟贰佰叁拾肆元伍角',
  '地址：北京市海淀区中关村大街27号',
  '收款人：王小明 复核：李华',
  '货物或应税劳务名称',
  '银行账号：6222 0210 0112 3456',
  '本合同自双方签字之日起生效',
  '请于三个工作日内完成付款',
  '备注：含运费及包装费',
  '联系电话：021-58881234',
  '数量 单价 金额 税率',
  '第一章 总则',
  '检验结论：合格',
];

export const ENGLISH = [
  'INVOICE No. 2024-00318',
  'Bill to: Acme Trading Co., Ltd.',
  'Total amount due: $1,234.50',
  'Payment terms: Net 30 days',
  'Description Qty Unit Price',
  'Shipping address: 88 Harbour Road',
  'Thank you for your business!',
  'Tax ID: GB 123 4567 89',
  'Order date: 18 March 2024',
  'Signature of the inspector',
  'Page 1 of 2',
  'Subtotal 980.00 VAT 13% 127.40',
];

/** Without the font, librsvg would draw tofu boxes and the figures would measure nothing real. */
export function requireFont(): void {
  const found = execFileSync('fc-list', [FONT], { encoding: 'utf8' }).trim();
  if (!found) {
    console.error(`Font "${FONT}" is missing: apt-get install -y fonts-noto-cjk`);
    process.exit(2);
  }
}

export type Background = 'clean' | 'textured';

export interface TruthLine {
  text: string;
  quad: Quad;
}

export interface BenchImage {
  name: string;
  kind: 'line' | 'page';
  /** Groups of the report: e.g. "zh 32px 0° clean". */
  group: string;
  image: RgbaImage;
  truth: TruthLine[];
}

interface Placed {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  size: number;
  rotate: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function textElement(p: Placed): string {
  return `<text x="${p.x}" y="${p.y}" font-family="${FONT}" font-size="${p.size}" fill="#111" transform="rotate(${p.rotate} ${p.x} ${p.y})">${escapeXml(p.text)}</text>`;
}

function backgroundElements(kind: Background, seed: number): string {
  if (kind === 'clean') return '<rect width="100%" height="100%" fill="#fff"/>';
  // Paper-like noise plus faint ruled lines and a tint gradient, as on a scanned form.
  return `<defs><filter id="n"><feTurbulence type="fractalNoise" baseFrequency="0.06" numOctaves="3" seed="${seed}"/><feColorMatrix type="matrix" values="0 0 0 0 0.86  0 0 0 0 0.83  0 0 0 0 0.76  0 0 0 -0.9 0.9"/></filter>
<linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fbf6e9"/><stop offset="1" stop-color="#e6e9f2"/></linearGradient>
<pattern id="r" width="40" height="28" patternUnits="userSpaceOnUse"><path d="M0 27.5H40" stroke="#c9d3e0" stroke-width="1"/></pattern></defs>
<rect width="100%" height="100%" fill="url(#g)"/><rect width="100%" height="100%" fill="url(#r)"/><rect width="100%" height="100%" filter="url(#n)"/>`;
}

async function rasterise(svg: string): Promise<RgbaImage> {
  const { data, info } = await sharp(Buffer.from(svg))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

function svgOf(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`;
}

/** The truth quad: the minimum-area rectangle around the line's ink, drawn alone. */
async function inkQuad(width: number, height: number, placed: Placed): Promise<Quad> {
  const alone = await rasterise(svgOf(width, height, textElement(placed)));
  const points: Vec[] = [];
  for (let y = 0; y < height; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (alone.data[(y * width + x) * 4 + 3]! > 96) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first >= 0)
      points.push(
        { x: first, y },
        { x: last + 1, y },
        { x: first, y: y + 1 },
        { x: last + 1, y: y + 1 },
      );
  }
  return rectQuad(minAreaRect(convexHull(points)));
}

async function render(
  width: number,
  height: number,
  background: Background,
  seed: number,
  lines: Placed[],
): Promise<{ image: RgbaImage; truth: TruthLine[] }> {
  const body = backgroundElements(background, seed) + lines.map(textElement).join('');
  const image = await rasterise(svgOf(width, height, body));
  const truth: TruthLine[] = [];
  for (const line of lines)
    truth.push({ text: line.text, quad: await inkQuad(width, height, line) });
  return { image, truth };
}

export const LINE_SIZES = [16, 24, 32, 48] as const;
export const LINE_ROTATIONS = [0, 5, -12, 30] as const;

/** One line on its own canvas, with margins, at a size, rotation and background. */
export async function lineImage(
  text: string,
  lang: 'zh' | 'en',
  size: number,
  rotate: number,
  background: Background,
  seed: number,
): Promise<BenchImage> {
  const advance = lang === 'zh' ? size : size * 0.6;
  const length = [...text].length * advance;
  const rad = (Math.abs(rotate) * Math.PI) / 180;
  const width = Math.ceil(length * Math.cos(rad) + size * Math.sin(rad) + 4 * size);
  const height = Math.ceil(length * Math.sin(rad) + size * Math.cos(rad) + 4 * size);
  // Centre the line: start so the rotated run sits in the middle of the canvas.
  const cx = width / 2;
  const cy = height / 2;
  const r = (rotate * Math.PI) / 180;
  const x = cx - (length / 2) * Math.cos(r) + (size / 3) * Math.sin(r);
  const y = cy - (length / 2) * Math.sin(r) + (size / 3) * Math.cos(r);
  const placed: Placed = { text, x: Math.round(x), y: Math.round(y), size, rotate };
  const { image, truth } = await render(width, height, background, seed, [placed]);
  return {
    name: `line-${lang}-${size}px-${rotate}deg-${background}-${seed}`,
    kind: 'line',
    group: `${lang} ${size}px ${rotate}° ${background}`,
    image,
    truth,
  };
}

/** A page like a scanned form: a title, label lines in both languages, several sizes, 150 dpi-ish. */
export async function pageImage(seed: number, background: Background): Promise<BenchImage> {
  const rand = seededRandom(seed);
  const width = 900;
  const lines: Placed[] = [];
  let y = 70;
  lines.push({ text: CHINESE[Math.floor(rand() * 4)]!, x: 60, y, size: 36, rotate: 0 });
  y += 70;
  while (y < 1150) {
    const size = [18, 20, 24, 28][Math.floor(rand() * 4)]!;
    const zh = rand() < 0.6;
    const pool = zh ? CHINESE : ENGLISH;
    const text = pool[Math.floor(rand() * pool.length)]!;
    const x = 50 + Math.floor(rand() * 60);
    lines.push({ text, x, y, size, rotate: 0 });
    y += Math.round(size * (2 + rand()));
  }
  const { image, truth } = await render(width, 1200, background, seed, lines);
  return {
    name: `page-${background}-${seed}`,
    kind: 'page',
    group: `page ${background}`,
    image,
    truth,
  };
}

/** The small receipt committed as a test fixture (engine integration test and the e2e spec). */
export async function receiptFixture(): Promise<{ image: RgbaImage; truth: TruthLine[] }> {
  return render(560, 260, 'clean', 7, [
    { text: '发票号码：12345678', x: 24, y: 56, size: 30, rotate: 0 },
    { text: 'Total amount: 1,234.50', x: 24, y: 122, size: 28, rotate: 0 },
    { text: '上海市浦东新区张江路', x: 24, y: 188, size: 28, rotate: 0 },
    { text: '收款人：王小明', x: 300, y: 236, size: 22, rotate: -4 },
  ]);
}
