/**
 * How a served model writes coordinates, decided from its id in the server's model list. Qwen3-VL
 * answers on a 0–1000 grid relative to the image; Qwen2.5-VL answers in absolute pixels of its
 * resized input, which are read on that grid (resized-input.ts). A model of unknown family is
 * refused with a message rather than silently misplacing every box.
 */
export type CoordinateConvention = 'relative-1000' | 'absolute-pixels' | 'unknown';

const FAMILIES: readonly [RegExp, CoordinateConvention][] = [
  [/qwen[-_ ]?3[-_ .]?vl/i, 'relative-1000'],
  [/qwen[-_ ]?2(\.|_|-)?5[-_ .]?vl/i, 'absolute-pixels'],
  [/qwen[-_ ]?2[-_ .]?vl/i, 'absolute-pixels'],
];

export function coordinateConvention(modelId: string): CoordinateConvention {
  for (const [pattern, convention] of FAMILIES) if (pattern.test(modelId)) return convention;
  return 'unknown';
}
