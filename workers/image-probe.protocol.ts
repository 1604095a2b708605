import type { SupportedImageType } from '../src/domain/image';

/** What the image-probe worker answers for one file. */
export type ProbeResult =
  | {
      ok: true;
      mime: SupportedImageType;
      /** Natural size after EXIF orientation. */
      width: number;
      height: number;
      contentHash: string;
      /** Colour channels in the file, when its header says (JPEG, PNG). */
      channels?: number;
      thumbnail: { blob: Blob; width: number; height: number };
    }
  | { ok: false; reason: 'not-image' | 'unreadable' | 'empty'; detail: string };

export interface ImageProbeApi {
  probe(file: Blob, thumbnailSize: number): Promise<ProbeResult>;
  /** The model's input: the original (or a crop of it) decoded and bounded to the token budget. */
  modelInput(
    original: Blob,
    imageSize: { width: number; height: number },
    crop: { x: number; y: number; width: number; height: number } | null,
    maxImageTokens: number,
  ): Promise<ImageBitmap>;
}
