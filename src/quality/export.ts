import type { PassAgreement } from './agreement';
import { OUTCOMES, RECORD_KINDS } from './outcomes';
import type { QualityReport } from './report';

export interface ReportExport {
  generatedAt: string;
  project: string;
  report: QualityReport;
  agreement: PassAgreement[];
}

export function reportJson(data: ReportExport): string {
  return JSON.stringify(data, null, 2);
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  // A label like "=cmd()" must stay text in a spreadsheet, never become a formula.
  const text =
    typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One metric per row (`section,metric,value`), so a spreadsheet can chart any of them. */
export function reportCsv(data: ReportExport): string {
  const r = data.report;
  const rows: (string | number | null)[][] = [['section', 'metric', 'value']];
  rows.push(['project', 'images', r.images]);
  for (const [status, n] of Object.entries(r.statusCounts)) rows.push(['status', status, n]);
  for (const o of OUTCOMES) rows.push(['outcome', o, r.outcomes[o]]);
  for (const k of RECORD_KINDS)
    for (const o of OUTCOMES) rows.push([`outcome.${k}`, o, r.byKind[k][o]]);
  rows.push(['boxes', 'pairs', r.boxIoU.pairs], ['boxes', 'mean_iou', r.boxIoU.mean]);
  rows.push(['caption', 'edit_rate', r.captionEditRate], ['tags', 'edit_rate', r.tagEditRate]);
  rows.push(['ocr', 'lines', r.ocr.lines], ['ocr', 'cer', r.ocr.cer]);
  rows.push(
    ['time', 'reviewed_images', r.reviewTime.images],
    ['time', 'mean_ms_per_image', r.reviewTime.meanMs],
    ['time', 'median_ms_per_image', r.reviewTime.medianMs],
    ['time', 'manual_estimate_ms', r.timeSaved.manualMs],
    ['time', 'review_ms', r.timeSaved.reviewMs],
    ['time', 'saved_ms', r.timeSaved.savedMs],
  );
  for (const p of r.reviewers) rows.push(['reviewer', p.name, p.images]);
  for (const a of data.agreement) {
    const section = `agreement:${a.passA} vs ${a.passB}`;
    rows.push(
      [section, 'images', a.images],
      [section, 'matched', a.matched],
      [section, 'mean_iou', a.meanIoU],
      [section, 'consistency', a.consistency],
    );
    for (const c of a.classes) {
      rows.push([`${section}:${c.label}`, 'mean_iou', c.meanIoU]);
      rows.push([`${section}:${c.label}`, 'consistency', c.consistency]);
    }
  }
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
