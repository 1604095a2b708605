/** Per-file and total download progress with speed and ETA, fed by the worker's load events. */
export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
  done: boolean;
}

export interface DownloadSummary {
  files: FileProgress[];
  loaded: number;
  total: number;
  /** Bytes per second, smoothed; 0 until there is a measurement. */
  speed: number;
  /** Seconds left at the current speed; null when unknown. */
  etaSeconds: number | null;
}

/**
 * Never goes backwards (issue 15 item 5): a file's bytes and size only grow, a finished file counts
 * whole even when its last event carries no size (cache hits say "0 / 0"), and the total starts
 * from the manifest's sizes of every file to come, so it does not shrink as files finish.
 */
export class DownloadProgress {
  private readonly files = new Map<string, FileProgress>();
  private speed = 0;
  private lastLoaded = 0;
  private lastAt: number | null = null;

  /** `expected`: sizes known before any byte arrives (the manifest), by file path. */
  constructor(expected: ReadonlyMap<string, number> = new Map()) {
    for (const [file, total] of expected)
      this.files.set(file, { file, loaded: 0, total, done: false });
  }

  update(event: FileProgress, now: number): DownloadSummary {
    const before = this.files.get(event.file);
    // A size the host reports is the file's real size; until one comes, the manifest's.
    const total = event.total > 0 ? event.total : (before?.total ?? 0);
    const arrived = event.done ? Math.max(total, event.loaded) : event.loaded;
    this.files.set(event.file, {
      file: event.file,
      loaded: Math.max(arrived, before?.loaded ?? 0),
      total: Math.max(total, arrived),
      done: event.done || (before?.done ?? false),
    });
    const { loaded } = this.totals();
    if (this.lastAt !== null && now > this.lastAt) {
      const instant = ((loaded - this.lastLoaded) * 1000) / (now - this.lastAt);
      // Exponential smoothing keeps the ETA from jumping with every chunk.
      this.speed = this.speed === 0 ? instant : 0.8 * this.speed + 0.2 * instant;
    }
    if (this.lastAt === null || now - this.lastAt >= 250) {
      this.lastAt = now;
      this.lastLoaded = loaded;
    }
    return this.summary();
  }

  summary(): DownloadSummary {
    const { loaded, total } = this.totals();
    const left = Math.max(0, total - loaded);
    return {
      files: [...this.files.values()],
      loaded,
      total,
      speed: Math.max(0, this.speed),
      etaSeconds: this.speed > 0 && total > 0 ? left / this.speed : null,
    };
  }

  private totals(): { loaded: number; total: number } {
    let loaded = 0;
    let total = 0;
    for (const f of this.files.values()) {
      loaded += f.loaded;
      total += Math.max(f.total, f.loaded);
    }
    return { loaded, total };
  }
}
