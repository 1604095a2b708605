import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkImageAnnotations } from '../domain';
import { FormatError } from './errors';
import { EXPORT_FORMATS, exportFiles } from './export';
import { detectImport } from './import/detect';
import { matchImports } from './import/match';
import { planImport } from './import/plan';
import { projectArb } from './test/arbitraries';
import { collect } from './test/files';
import type { ExportOptions } from './types';

const EVERYTHING: ExportOptions = { filter: {}, include: 'accepted+suggested', withImages: false };

/** Values an attacker or a broken tool puts where a field should be. */
const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(
    null,
    -1,
    1e308,
    '',
    '__proto__',
    '../../../../etc/evil.png',
    '/etc/cron.d/evil',
    'red;position:fixed;inset:0',
    { kind: 'circle' },
    { x: 'a' },
    [],
    [1, 2, 3],
    '=HYPERLINK("http://x")',
  ),
);

type Json = unknown;

/** Every [container, key] inside a parsed JSON value, so one can be replaced. */
function slots(value: Json, out: [Record<string, Json> | Json[], string | number][] = []) {
  if (Array.isArray(value))
    value.forEach((v, i) => {
      out.push([value, i]);
      slots(v, out);
    });
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, Json>, k]);
      slots(v, out);
    }
  return out;
}

function mutateJson(text: string, pick: number, replacement: unknown, drop: boolean): string {
  const value = JSON.parse(text) as Json;
  const all = slots(value);
  if (all.length === 0) return text;
  const [container, key] = all[pick % all.length]!;
  if (drop && !Array.isArray(container)) delete (container as Record<string, Json>)[key];
  else (container as Record<string | number, Json>)[key] = replacement;
  return JSON.stringify(value);
}

/** Text formats (CSV, YOLO, VOC): one token replaced by a hostile value's text. */
function mutateText(text: string, pick: number, replacement: unknown): string {
  const tokens = text.split(/([,\s<>]+)/);
  const words = tokens.map((t, i) => [t, i] as const).filter(([t]) => t && !/^[,\s<>]+$/.test(t));
  if (words.length === 0) return text;
  const [, index] = words[pick % words.length]!;
  tokens[index] = typeof replacement === 'string' ? replacement : JSON.stringify(replacement);
  return tokens.join('');
}

describe('every importer, fed malformed records', () => {
  it.each(EXPORT_FORMATS)(
    '%s: refuses with a FormatError or plans only valid records — never stores anything invalid',
    async (format) => {
      await fc.assert(
        fc.asyncProperty(
          projectArb,
          fc.nat(),
          fc.nat(),
          hostile,
          fc.boolean(),
          async ({ project, items }, fileIndex, pick, replacement, drop) => {
            const files = await collect(
              exportFiles(format, { project, items, total: items.length }, EVERYTHING),
            );
            const paths = [...files.keys()].filter((p) => !p.startsWith('images/'));
            if (paths.length === 0) return;
            const target = paths[fileIndex % paths.length]!;
            const original = files.get(target)!;
            const mutated = /\.jsonl$/.test(target)
              ? original
                  .split('\n')
                  .map((line, i) =>
                    line && i === pick % Math.max(1, original.split('\n').length - 1)
                      ? mutateJson(line, pick, replacement, drop)
                      : line,
                  )
                  .join('\n')
              : /\.json$/.test(target)
                ? mutateJson(original, pick, replacement, drop)
                : mutateText(original, pick, replacement);
            files.set(target, mutated);
            let plan;
            try {
              const detected = detectImport(
                [...files].map(([path, text]) => ({ path, text })),
                'import.zip',
              );
              if (detected.format === 'backup') return;
              const match = matchImports(
                detected.result.records,
                items.map((i) => i.image),
              );
              plan = planImport({
                project,
                matched: match.matched,
                existing: () => null,
                policy: 'merge',
                addUnknownLabels: true,
                author: 'me',
              });
            } catch (error) {
              // Refused at parse time, with file/line/field: fine. A record the parser let through
              // and only the plan's second check caught would be a parser gap: fail on it.
              if (!(error instanceof FormatError)) throw error;
              return;
            }
            for (const record of plan.records) expect(checkImageAnnotations(record)).toEqual([]);
          },
        ),
        { numRuns: 40 },
      );
    },
    60_000,
  );
});
