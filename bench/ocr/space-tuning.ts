/**
 * How SPACE_EVIDENCE (workers/ocr/recognize.ts) was chosen, on lines kept apart from the accuracy
 * benchmark's texts: for every pair of neighbouring Latin characters the recogniser read, the
 * highest probability it gave the space class in the blank steps between them — inside a word
 * and between words. A threshold between the two ranges puts spaces back without inventing any.
 *   npx tsx bench/ocr/space-tuning.ts
 */
import { DEFAULT_DETECT, dbQuads, detectInput } from '../../workers/ocr/detect';
import { readingQuad, recognizeInput, SPACE_EVIDENCE } from '../../workers/ocr/recognize';
import { lineImage, requireFont } from './dataset';
import { nodeOcrSessions } from './node-sessions';

const TUNING = [
  'Delivery note 7731 for Harbour Foods',
  'Net weight 12.5 kg per carton',
  'Received in good order by J. Smith',
  'Account number 0042 1187 5530',
  'Ship via air freight before 5 May',
  'Unit cost USD 14.20 each',
  'Model A7 serial 99812 made in China',
];

interface Step {
  char: string;
  /** Highest space probability in the blank steps after this character. */
  spaceAfter: number;
}

requireFont();
const sessions = await nodeOcrSessions(1);
const space = sessions.alphabet.lastIndexOf(' ');
const inside: number[] = [];
const between: number[] = [];
let seed = 5000;
for (const text of TUNING)
  for (const size of [16, 24, 32, 48]) {
    const item = await lineImage(text, 'en', size, 0, 'clean', seed++);
    const input = detectInput(item.image, DEFAULT_DETECT.limitSideLen);
    const map = await sessions.detect(input.tensor);
    const [, , h = 0, w = 0] = map.dims;
    const quads = dbQuads(map.data, w, h, { x: input.scaleX, y: input.scaleY }, DEFAULT_DETECT);
    if (quads.length !== 1) continue;
    const out = await sessions.recognize(recognizeInput(item.image, readingQuad(quads[0]!.quad)));
    const [, steps = 0, classes = 0] = out.dims;
    const read: Step[] = [];
    let previous = -1;
    for (let t = 0; t < steps; t++) {
      let best = 0;
      for (let k = 1; k < classes; k++)
        if (out.data[t * classes + k]! > out.data[t * classes + best]!) best = k;
      if (best === 0 && read.length > 0)
        read.at(-1)!.spaceAfter = Math.max(read.at(-1)!.spaceAfter, out.data[t * classes + space]!);
      else if (best !== 0 && best !== previous)
        read.push({ char: sessions.alphabet[best]!, spaceAfter: 0 });
      previous = best;
    }
    // Only lines read right apart from spaces tell inside from between.
    const letters = read.filter((s) => s.char !== ' ');
    if (letters.map((s) => s.char).join('') !== text.replace(/ /g, '')) continue;
    let at = 0;
    const wordEnds = new Set<number>();
    for (const ch of text) {
      if (ch === ' ') wordEnds.add(at - 1);
      else at += 1;
    }
    read.forEach((s, i) => {
      const next = read[i + 1];
      if (!next || s.char === ' ' || next.char === ' ') return;
      const index = read.slice(0, i + 1).filter((x) => x.char !== ' ').length - 1;
      (wordEnds.has(index) ? between : inside).push(s.spaceAfter);
    });
  }
const fmt = (v: number | undefined) => (v ?? NaN).toFixed(4);
console.log(
  `pairs inside words: ${inside.length}, highest space probability ${fmt(Math.max(...inside))}`,
);
console.log(
  `word gaps without an emitted space: ${between.length}, lowest ${fmt(Math.min(...between))}`,
);
console.log(`SPACE_EVIDENCE = ${SPACE_EVIDENCE}`);
