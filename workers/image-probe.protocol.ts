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
}
