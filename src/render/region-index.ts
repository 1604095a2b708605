import RBush from 'rbush';
import type { Box, Region, RegionId } from '../domain';
import { shapeBounds } from '../domain';

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  record: Region;
}

export interface IndexChange {
  added: Region[];
  changed: Region[];
  removed: Region[];
}

/**
 * Regions by where they are (an R-tree of their bounds), so drawing a view touches only what is
 * on it. Kept in step with the session by record identity: records are immutable.
 */
export class RegionIndex {
  #tree = new RBush<Entry>();
  #entries = new Map<RegionId, Entry>();

  get size(): number {
    return this.#entries.size;
  }

  /** Brings the index to `regions`; says which records were added, changed or removed. */
  sync(regions: readonly Region[]): IndexChange {
    const change: IndexChange = { added: [], changed: [], removed: [] };
    const seen = new Set<RegionId>();
    const fresh: Entry[] = [];
    for (const r of regions) {
      seen.add(r.id);
      const old = this.#entries.get(r.id);
      if (old?.record === r) continue;
      if (old) {
        this.#tree.remove(old);
        change.changed.push(r);
      } else change.added.push(r);
      const entry = entryOf(r);
      this.#entries.set(r.id, entry);
      fresh.push(entry);
    }
    if (seen.size !== this.#entries.size)
      for (const [id, entry] of this.#entries) {
        if (seen.has(id)) continue;
        this.#tree.remove(entry);
        this.#entries.delete(id);
        change.removed.push(entry.record);
      }
    // A bulk load builds a better tree than one insert at a time (the first open, an import).
    if (fresh.length > 64) this.#tree.load(fresh);
    else for (const e of fresh) this.#tree.insert(e);
    return change;
  }

  /** Regions whose bounds meet `area` (image pixels). */
  search(area: Box): Region[] {
    return this.#tree
      .search({ minX: area.x, minY: area.y, maxX: area.x + area.w, maxY: area.y + area.h })
      .map((e) => e.record);
  }

  get(id: RegionId): Region | undefined {
    return this.#entries.get(id)?.record;
  }
}

function entryOf(record: Region): Entry {
  const b = shapeBounds(record.shape);
  return { minX: b.x, minY: b.y, maxX: b.x + b.w, maxY: b.y + b.h, record };
}
