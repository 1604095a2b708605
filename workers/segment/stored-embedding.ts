import { Tensor } from '@huggingface/transformers';
import type { StoredEmbedding } from './embedding-store.ts';
import type { ImageEmbedding } from './segment.ts';

/** An embedding as IndexedDB keeps it (float32 tensors only: what SAM encoders give); else null. */
export function toStored(embedding: ImageEmbedding): StoredEmbedding | null {
  const tensors: StoredEmbedding['tensors'] = {};
  for (const [name, tensor] of Object.entries(embedding.tensors)) {
    if (tensor.type !== 'float32') return null;
    tensors[name] = {
      type: tensor.type,
      dims: [...tensor.dims],
      data: (tensor.data as Float32Array).slice().buffer,
    };
  }
  return { tensors, originalSize: embedding.originalSize, reshapedSize: embedding.reshapedSize };
}

export function fromStored(stored: StoredEmbedding): ImageEmbedding {
  const tensors: Record<string, Tensor> = {};
  let bytes = 0;
  for (const [name, t] of Object.entries(stored.tensors)) {
    tensors[name] = new Tensor('float32', new Float32Array(t.data), t.dims);
    bytes += t.data.byteLength;
  }
  return {
    tensors,
    originalSize: stored.originalSize,
    reshapedSize: stored.reshapedSize,
    bytes,
  };
}
