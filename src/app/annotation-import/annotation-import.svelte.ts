import type { ImageAnnotations, ImageItem, ImportReport, Project, ProjectId } from '../../domain';
import { detectImport, type ImportPolicy, type ParseResult } from '../../formats';
import type { PickedFile } from '../../media/file-walk';
import { importImages, type ImportProgress } from '../import/import-images';
import type { ProbePool } from '../../media/probe-pool';
import type { Store } from '../../store';
import { analyseImport, type ImportAnalysis } from './analyse';
import {
  asPickedFiles,
  missingImages,
  readImportSource,
  type CarriedImage,
  type ImportSource,
  type ReadProgress,
} from './import-source';

/** The picked file is a whole-project backup: it is restored from the projects list instead. */
export class BackupPickedError extends Error {
  override readonly name = 'BackupPickedError';
  constructor() {
    super('this file is a project backup');
  }
}

export interface ImportResult {
  images: number;
  regions: number;
  addedLabels: number;
}

/**
 * One annotation import into a project: read and detect the files, match them to the images,
 * preview what would be written, optionally add the images a zip carries, then write it all in one
 * transaction. Nothing is written before `apply`, and nothing at all when a file is rejected.
 */
export class AnnotationImport {
  source = $state<ImportSource | null>(null);
  format = $state<string | null>(null);
  missing = $state.raw<CarriedImage[]>([]);
  policy = $state<ImportPolicy>('merge');
  addUnknownLabels = $state(true);
  busy = $state(false);
  imageProgress = $state<ImportProgress | null>(null);
  imageReport = $state<ImportReport | null>(null);
  error = $state<unknown>(null);
  result = $state<ImportResult | null>(null);
  /** How far reading the picked files is, while it runs; the last count stays after it. */
  reading = $state<ReadProgress | null>(null);
  /** The person stopped the reading: nothing of those files was taken. */
  readCancelled = $state(false);
  readingNow = $state(false);
  #reader: AbortController | null = null;
  #parsed = $state.raw<ParseResult | null>(null);
  #project = $state.raw<Project | null>(null);
  #images = $state.raw<ImageItem[]>([]);
  #existing = $state.raw<readonly ImageAnnotations[]>([]);

  /** What "Import" would write with the current choices, recomputed when any of them changes. */
  readonly #analysed: { analysis: ImportAnalysis | null; refused: unknown } = $derived.by(() => {
    if (!this.#parsed || !this.#project) return { analysis: null, refused: null };
    try {
      return {
        analysis: analyseImport({
          parsed: this.#parsed,
          project: this.#project,
          images: this.#images,
          existing: this.#existing,
          policy: this.policy,
          addUnknownLabels: this.addUnknownLabels,
          author: this.author(),
        }),
        refused: null,
      };
    } catch (refused) {
      // A record the validators refuse: shown as the dialog's error, and Import stays off.
      return { analysis: null, refused };
    }
  });
  get analysis(): ImportAnalysis | null {
    return this.#analysed.analysis;
  }
  /** The failure to show: the last action's, or why the current file cannot be imported. */
  get problem(): unknown {
    return this.error ?? this.#analysed.refused;
  }

  constructor(
    private readonly store: Store,
    private readonly projectId: ProjectId,
    private readonly author: () => string,
  ) {}

  /** Reads and checks the picked files; a rejected file leaves the dialog with its message. */
  async pick(files: readonly PickedFile[]): Promise<void> {
    await this.#guard(async () => {
      this.source = null;
      this.format = null;
      this.result = null;
      this.imageReport = null;
      this.#parsed = null;
      this.readCancelled = false;
      const reader = new AbortController();
      this.#reader = reader;
      this.reading = null;
      this.readingNow = true;
      let source: ImportSource;
      try {
        source = await readImportSource(files, {
          signal: reader.signal,
          onProgress: (p) => (this.reading = p),
        });
      } catch (error) {
        if (reader.signal.aborted) {
          this.readCancelled = true;
          this.reading = null;
          return;
        }
        throw error;
      } finally {
        this.#reader = null;
        this.readingNow = false;
      }
      const detected = detectImport(source.files, source.name, source.jsonl);
      if (detected.format === 'backup') throw new BackupPickedError();
      this.source = source;
      this.format = detected.format;
      this.#parsed = detected.result;
      await this.#reload();
    });
  }

  /** Stops reading the picked files; nothing of them is kept. */
  cancelRead(): void {
    this.#reader?.abort();
  }

  /** Adds the images the zip carries that the project lacks, then matches again. */
  async addMissingImages(pool: ProbePool, signal: AbortSignal): Promise<void> {
    await this.#guard(async () => {
      const files = await asPickedFiles(this.missing);
      this.imageProgress = { total: files.length, processed: 0, added: 0 };
      try {
        this.imageReport = await importImages(this.store, this.projectId, files, {
          pool,
          signal,
          onProgress: (p) => (this.imageProgress = p),
        });
      } finally {
        this.imageProgress = null;
      }
      await this.#reload();
    });
  }

  /** Writes the planned import in one transaction, planned again on what is stored right now. */
  async apply(): Promise<void> {
    await this.#guard(async () => {
      await this.#reload();
      const plan = this.analysis?.plan;
      if (!plan) return;
      await this.store.annotations.applyImport(this.projectId, {
        schema: plan.schema,
        records: plan.records,
        statuses: plan.statuses,
      });
      this.result = {
        images: plan.records.length,
        regions: plan.regionCount,
        addedLabels: plan.addedClasses.length,
      };
    });
  }

  async #reload(): Promise<void> {
    this.#project = await this.store.projects.require(this.projectId);
    this.#images = await this.store.images.listByProject(this.projectId);
    this.#existing = await this.store.annotations.listByProject(this.projectId);
    this.missing = this.source ? missingImages(this.source.images, this.#images) : [];
  }

  async #guard(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = error;
    } finally {
      this.busy = false;
    }
  }
}
