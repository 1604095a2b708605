import type { ImageProcessor, Processor, RawImage } from '@huggingface/transformers';

export interface ImageSize {
  width: number;
  height: number;
}

function imageProcessorOf(processor: Processor): ImageProcessor {
  const images = processor.image_processor;
  if (!images) throw new Error('the segment model has no image processor');
  return images;
}

/**
 * The size the model's own processor resizes an image of this size to, by the processor's own rule
 * (SAM 2: stretched to 1024 × 1024; SAM: longest side 1024, aspect kept). An image already of
 * this size goes through the processor unresized, so it can be made smaller first, cheaply.
 */
export function modelInputSize(processor: Processor, image: ImageSize): ImageSize {
  const images = imageProcessorOf(processor);
  if (!images.do_resize) return image;
  // get_resize_output_image_size reads only the image's [width, height].
  const sized = { size: [image.width, image.height] } as unknown as RawImage;
  const [width, height] = images.get_resize_output_image_size(sized, images.size);
  return { width, height };
}
