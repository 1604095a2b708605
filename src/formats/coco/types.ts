import type { CocoRle } from '../../segment';

/** The parts of COCO we write and read; `annota` objects carry our data and COCO readers ignore them. */
export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  annota?: { id: string; status: string; tags: string[] };
  /** Where a page came from when it was rendered from a PDF. */
  extra?: { source_file: string; source_page: number };
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory?: string;
  /** Set on a label that has point regions: one keypoint named like the label, no skeleton. */
  keypoints?: string[];
  skeleton?: [number, number][];
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  /** Polygons (one ring each, every ring a part), or a mask as COCO RLE (a region with holes). */
  segmentation: number[][] | CocoRle;
  iscrowd: 0 | 1;
  /** In a keypoint category: [x, y, v] (v 2 = labeled and visible; 0 0 0 on its boxes). */
  keypoints?: number[];
  num_keypoints?: number;
  attributes: Record<string, string | number | boolean>;
  annota: {
    id: string;
    shape: 'box' | 'polygon' | 'point';
    label: string;
    confidence: number | null;
    source: 'model' | 'human';
    state: string;
    text?: string;
    /** 'ocr-line' for a line of read text (category "text", attributes.text): read back as OCR. */
    kind?: 'ocr-line';
  };
}

/** Category of OCR lines in COCO exports. */
export const COCO_TEXT_CATEGORY = 'text';

export interface CocoInstances {
  info: { description: string; version: string; date_created: string };
  licenses: unknown[];
  images: CocoImage[];
  categories: CocoCategory[];
  annotations: CocoAnnotation[];
}

export interface CocoCaptions {
  info: CocoInstances['info'];
  images: CocoImage[];
  annotations: { id: number; image_id: number; caption: string }[];
}

export const COCO_INSTANCES_FILE = 'annotations/instances.json';
export const COCO_CAPTIONS_FILE = 'annotations/captions.json';
