import type {
  AttributeValue,
  Caption,
  CaptionBody,
  FieldValue,
  ImageAnnotations,
  LabelClass,
  OcrLine,
  OcrLineBody,
  OcrLineId,
  Point,
  Region,
  RegionBody,
  RegionId,
  RegionShape,
  Tag,
} from '../domain';
import { decideAllSuggestions, decideRecord, decideSuggestion, newId, ocrPlace } from '../domain';
import type { EditContext } from './records';
import { editRegion, newHumanRegion, regionBody, touchTracked } from './records';

/**
 * An edit: a pure map from one annotations record to the next. Undo keeps the before/after
 * snapshots (records are immutable and share structure), so commands need no inverse.
 */
export interface Command {
  readonly name: string;
  run(a: ImageAnnotations, ctx: EditContext): ImageAnnotations;
}

const command = (name: string, run: Command['run']): Command => ({ name, run });

function mapRegions(
  a: ImageAnnotations,
  ids: ReadonlySet<RegionId> | readonly RegionId[],
  fn: (r: Region) => Region,
): ImageAnnotations {
  const set = ids instanceof Set ? ids : new Set(ids as readonly RegionId[]);
  let changed = false;
  const regions = a.regions.map((r) => {
    if (!set.has(r.id)) return r;
    const next = fn(r);
    if (next !== r) changed = true;
    return next;
  });
  return changed ? { ...a, regions } : a;
}

export function addRegions(regions: readonly Region[]): Command {
  return command('add-regions', (a) =>
    regions.length === 0 ? a : { ...a, regions: [...a.regions, ...regions] },
  );
}

/** A region drawn by a person; the id is chosen by the caller so it can select it. */
export function createRegion(
  id: RegionId,
  shape: RegionShape,
  labelClass: LabelClass | undefined,
): Command {
  return command('create-region', (a, ctx) => ({
    ...a,
    regions: [...a.regions, newHumanRegion(shape, labelClass, ctx, id)],
  }));
}

/** Regions drawn at once (the parts of one segmented mask): one undo step. */
export function createRegions(
  regions: readonly { id: RegionId; shape: RegionShape }[],
  labelClass: LabelClass | undefined,
): Command {
  return command('create-regions', (a, ctx) =>
    regions.length === 0
      ? a
      : {
          ...a,
          regions: [
            ...a.regions,
            ...regions.map((r) => newHumanRegion(r.shape, labelClass, ctx, r.id)),
          ],
        },
  );
}

export function deleteRegions(ids: readonly RegionId[]): Command {
  return command('delete-regions', (a) => {
    const set = new Set(ids);
    const regions = a.regions.filter((r) => !set.has(r.id));
    return regions.length === a.regions.length ? a : { ...a, regions };
  });
}

export function updateRegion(id: RegionId, patch: Partial<RegionBody>): Command {
  return command('update-region', (a, ctx) =>
    mapRegions(a, [id], (r) => editRegion(r, patch, ctx)),
  );
}

/** New geometry for several regions at once (a move or nudge of a multi-selection). */
export function setShapes(shapes: ReadonlyMap<RegionId, RegionShape>): Command {
  return command('set-shapes', (a, ctx) =>
    mapRegions(a, [...shapes.keys()], (r) => editRegion(r, { shape: shapes.get(r.id)! }, ctx)),
  );
}

/**
 * Box → polygon: the model's outline replaces each box, label and attributes kept. A suggestion
 * stays a suggestion (a model outlined what a model found: a person still reviews it).
 */
export function outlineShapes(shapes: ReadonlyMap<RegionId, RegionShape>): Command {
  return command('outline-boxes', (a, ctx) =>
    mapRegions(a, [...shapes.keys()], (r) =>
      touchTracked<Region, RegionBody>(r, { shape: shapes.get(r.id)! }, regionBody(r), ctx, false),
    ),
  );
}

export function setLabel(ids: readonly RegionId[], labelClass: LabelClass): Command {
  return command('set-label', (a, ctx) =>
    mapRegions(a, ids, (r) =>
      r.classId === labelClass.id && r.label === labelClass.name && r.state !== 'suggested'
        ? r
        : editRegion(r, { classId: labelClass.id, label: labelClass.name }, ctx),
    ),
  );
}

export function setAttribute(id: RegionId, name: string, value: AttributeValue | null): Command {
  return command('set-attribute', (a, ctx) =>
    mapRegions(a, [id], (r) => {
      const attributes = { ...r.attributes };
      if (value === null) delete attributes[name];
      else attributes[name] = value;
      return editRegion(r, { attributes }, ctx);
    }),
  );
}

export function setNote(id: RegionId, note: string): Command {
  return command('set-note', (a, ctx) =>
    mapRegions(a, [id], (r) => (r.note === note ? r : editRegion(r, { note }, ctx))),
  );
}

export function setHidden(ids: readonly RegionId[], hidden: boolean): Command {
  return command('set-hidden', (a, ctx) =>
    mapRegions(a, ids, (r) => (r.hidden === hidden ? r : editRegion(r, { hidden }, ctx))),
  );
}

export function setLocked(ids: readonly RegionId[], locked: boolean): Command {
  return command('set-locked', (a, ctx) =>
    mapRegions(a, ids, (r) => (r.locked === locked ? r : editRegion(r, { locked }, ctx))),
  );
}

/** Accepting keeps the record as the model made it; the person vouches for it. */
export function acceptSuggestions(ids: readonly RegionId[]): Command {
  return command('accept-suggestions', (a, ctx) =>
    mapRegions(a, ids, (r) => decideRecord(r, 'accepted', ctx)),
  );
}

/** Rejected suggestions stay stored (metrics count them) and are no longer drawn as regions. */
export function rejectSuggestions(ids: readonly RegionId[]): Command {
  return command('reject-suggestions', (a, ctx) =>
    mapRegions(a, ids, (r) => decideRecord(r, 'rejected', ctx)),
  );
}

/** Every suggestion on the image: regions, caption, tags, OCR lines and fields — one undo step. */
export function acceptAll(): Command {
  return command('accept-all', (a, ctx) => decideAllSuggestions(a, 'accepted', ctx));
}

export function rejectAll(): Command {
  return command('reject-all', (a, ctx) => decideAllSuggestions(a, 'rejected', ctx));
}

export function setCaption(body: CaptionBody): Command {
  return command('set-caption', (a, ctx) => {
    const old = a.caption;
    if (old && old.text === body.text && old.language === body.language) return a;
    const caption: Caption = old
      ? touchTracked<Caption, CaptionBody>(
          old,
          body,
          { text: old.text, language: old.language },
          ctx,
        )
      : {
          ...body,
          provenance: { source: 'human', author: ctx.author, createdAt: ctx.now },
          state: 'accepted',
          updatedAt: ctx.now,
          updatedBy: ctx.author,
        };
    return { ...a, caption };
  });
}

export function addTag(value: string, dimension = ''): Command {
  return command('add-tag', (a, ctx) => {
    const v = value.trim();
    if (!v || a.tags.some((t) => t.value === v && t.state !== 'rejected')) return a;
    const tag: Tag = {
      value: v,
      dimension,
      provenance: { source: 'human', author: ctx.author, createdAt: ctx.now },
      state: 'accepted',
      updatedAt: ctx.now,
      updatedBy: ctx.author,
    };
    return { ...a, tags: [...a.tags, tag] };
  });
}

/** Removing a model tag rejects it (kept for metrics); a human tag is simply gone. */
export function removeTag(index: number): Command {
  return command('remove-tag', (a, ctx) => {
    const tag = a.tags[index];
    if (!tag) return a;
    if (tag.provenance.source === 'model') {
      const tags = a.tags.slice();
      tags[index] = { ...tag, state: 'rejected', updatedAt: ctx.now, updatedBy: ctx.author };
      return { ...a, tags };
    }
    return { ...a, tags: a.tags.filter((_, i) => i !== index) };
  });
}

export function acceptTag(index: number): Command {
  return command('accept-tag', (a, ctx) =>
    decideSuggestion(a, { kind: 'tag', index }, 'accepted', ctx),
  );
}

function ocrBody(line: OcrLine): OcrLineBody {
  return {
    text: line.text,
    box: line.box,
    ...(line.quad ? { quad: line.quad } : {}),
    order: line.order,
  };
}

export function addOcrLine(text: string): Command {
  return command('add-ocr-line', (a, ctx) => {
    const line: OcrLine = {
      id: newId<'ocr'>(),
      text,
      box: null,
      order: a.ocr.reduce((m, l) => Math.max(m, l.order + 1), 0),
      provenance: { source: 'human', author: ctx.author, createdAt: ctx.now },
      state: 'accepted',
      updatedAt: ctx.now,
      updatedBy: ctx.author,
    };
    return { ...a, ocr: [...a.ocr, line] };
  });
}

export function setOcrText(id: OcrLineId, text: string): Command {
  return command('set-ocr-text', (a, ctx) => ({
    ...a,
    ocr: a.ocr.map((l) =>
      l.id === id && l.text !== text
        ? touchTracked<OcrLine, OcrLineBody>(l, { text }, ocrBody(l), ctx)
        : l,
    ),
  }));
}

/**
 * New corners for a line, drawn on the canvas. A line that had only a box (Qwen3-VL's) becomes a
 * quad; its box is kept as the quad's bounds so box-only formats agree with it.
 */
export function setOcrCorners(id: OcrLineId, corners: readonly Point[]): Command {
  return command('set-ocr-corners', (a, ctx) => {
    const place = ocrPlace(corners);
    let changed = false;
    const ocr = a.ocr.map((l) => {
      if (l.id !== id || sameNumbers(l.quad, place.quad)) return l;
      changed = true;
      return touchTracked<OcrLine, OcrLineBody>(l, place, ocrBody(l), ctx);
    });
    return changed ? { ...a, ocr } : a;
  });
}

export function acceptOcrLine(id: OcrLineId): Command {
  return command('accept-ocr-line', (a, ctx) =>
    decideSuggestion(a, { kind: 'ocr', id }, 'accepted', ctx),
  );
}

/** Removing a line: a suggestion is rejected (kept for metrics), a person's or kept line is gone. */
export function removeOcrLine(id: OcrLineId): Command {
  return command('remove-ocr-line', (a, ctx) => {
    const line = a.ocr.find((l) => l.id === id);
    if (!line) return a;
    if (line.state === 'suggested')
      return decideSuggestion(a, { kind: 'ocr', id }, 'rejected', ctx);
    return { ...a, ocr: a.ocr.filter((l) => l.id !== id) };
  });
}

function sameNumbers(a: readonly number[] | undefined, b: readonly number[]): boolean {
  return a !== undefined && a.length === b.length && a.every((v, i) => v === b[i]);
}

export function setField(name: string, value: FieldValue): Command {
  return command('set-field', (a, ctx) => {
    const old = a.fields;
    if (old && JSON.stringify(old.values[name]) === JSON.stringify(value)) return a;
    const values = { ...(old?.values ?? {}), [name]: value };
    const fields = old
      ? touchTracked(old, { values }, { values: old.values }, ctx)
      : {
          values,
          provenance: { source: 'human' as const, author: ctx.author, createdAt: ctx.now },
          state: 'accepted' as const,
          updatedAt: ctx.now,
          updatedBy: ctx.author,
        };
    return { ...a, fields };
  });
}
