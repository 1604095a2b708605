/**
 * The rule the synthetic SAM's decoder computes (SYNTHETIC.md, "Synthetic SAM"), as numbers a test
 * can reuse for an independent reference mask. Coordinates are the model's 1024 × 1024 input.
 */
export const SAM_INPUT = 1024;
/** The grid of image_embeddings.0, where colours are compared and the mask is made (4 px cells). */
export const FINE_GRID = 256;
/** The grid of image_embeddings.2, where regions grow across the image (16 px cells). */
export const COARSE_GRID = 64;
/** A cell is "the same colour" when its mean RGB (0–1) lies within this Euclidean distance. */
export const COLOUR_THRESHOLD = 0.15;
/** Growth steps on the coarse grid: one cell (8-neighbourhood) per step. */
export const COARSE_STEPS = 64;
/** Growth steps on the fine grid, from the coarse region, to reach edges and small objects. */
export const FINE_STEPS = 12;
/** pred_masks logits: +10 inside the mask, −10 outside. */
export const MASK_LOGIT = 10;
/** iou_scores of the three (identical) masks when the mask is not empty; all 0 when it is. */
export const IOU_SCORES = [0.9, 0.85, 0.8] as const;
/** The transformers.js normalisation of the real export (ImageNet mean and std). */
export const IMAGE_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGE_STD = [0.229, 0.224, 0.225] as const;
