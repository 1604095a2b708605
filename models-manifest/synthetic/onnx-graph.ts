import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { floatBytes } from './precision.ts';
import { ProtoWriter } from './protobuf.ts';

/** The element types the synthetic graphs use, by ONNX TensorProto.DataType number. */
export const ElementType = { float32: 1, uint8: 2, int64: 7, bool: 9, float16: 10 } as const;
export type FloatTypeName = 'float32' | 'float16';
export type ElementTypeName = keyof typeof ElementType;

/** A dimension: a fixed size or a symbolic name such as `batch_size`. */
export type Dim = number | string;

export interface ValueSpec {
  name: string;
  type: ElementTypeName;
  dims: Dim[];
}

export type Attribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; type: ElementTypeName; dims: number[]; data: Float32Array | BigInt64Array };

export const int = (value: number): Attribute => ({ kind: 'int', value });
export const float = (value: number): Attribute => ({ kind: 'float', value });
export const ints = (value: number[]): Attribute => ({ kind: 'ints', value });

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, Attribute>;
  domain: string;
}

/**
 * Weights that are computed only when the data file is written, all parts at once, so a 1.5 GB
 * model never sits in memory: each group is produced, written and dropped in declaration order.
 */
interface WeightGroup {
  produce: () => Uint8Array[];
  parts: Uint8Array[] | null;
  written: number;
}

interface Initializer {
  name: string;
  type: ElementTypeName;
  dims: number[];
  byteLength: number;
  /** Inline constants carry their bytes; large weights go to the `.onnx_data` file, like the real export. */
  inline?: Uint8Array;
  external?: { group: WeightGroup; part: number };
}

/** One part of a lazily produced weight group. */
export interface WeightPart {
  hint: string;
  type: ElementTypeName;
  dims: number[];
}

const elementBytes: Record<ElementTypeName, number> = {
  float32: 4,
  uint8: 1,
  int64: 8,
  bool: 1,
  float16: 2,
};

/** Builds one ONNX graph node by node; values are referred to by name. */
export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly inputs: ValueSpec[] = [];
  private readonly outputs: ValueSpec[] = [];
  private counter = 0;

  constructor(readonly name: string) {}

  private fresh(hint: string): string {
    this.counter += 1;
    return `${hint}_${this.counter}`;
  }

  input(name: string, type: ElementTypeName, dims: Dim[]): string {
    this.inputs.push({ name, type, dims });
    return name;
  }

  /** Declares `value` a graph output called `name` (through an Identity when the names differ). */
  output(value: string, name: string, type: ElementTypeName, dims: Dim[]): void {
    if (value !== name)
      this.nodes.push({
        op: 'Identity',
        inputs: [value],
        outputs: [name],
        attributes: {},
        domain: '',
      });
    this.outputs.push({ name, type, dims });
  }

  /** A float32 weight stored in the external data file. */
  weight(hint: string, data: Float32Array, dims: number[]): string {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return this.weights([{ hint, type: 'float32', dims }], () => [bytes])[0] as string;
  }

  /**
   * Weights written to the external data file, produced together by `produce` (one array per part,
   * in order) only when the file is written.
   */
  weights(parts: WeightPart[], produce: () => Uint8Array[]): string[] {
    const group: WeightGroup = { produce, parts: null, written: 0 };
    return parts.map((part, index) => {
      const name = this.fresh(part.hint);
      const byteLength = part.dims.reduce((n, d) => n * d, 1) * elementBytes[part.type];
      this.initializers.push({
        name,
        type: part.type,
        dims: part.dims,
        byteLength,
        external: { group, part: index },
      });
      return name;
    });
  }

  /** A small constant stored inside the .onnx file. */
  ints(values: readonly (number | bigint)[], dims: number[] = [values.length]): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.inline('const_i64', 'int64', dims, new Uint8Array(data.buffer));
  }

  floats(
    values: readonly number[],
    dims: number[] = [values.length],
    type: FloatTypeName = 'float32',
  ): string {
    return this.inline(`const_${type}`, type, dims, floatBytes(values, type));
  }

  private inline(hint: string, type: ElementTypeName, dims: number[], bytes: Uint8Array): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, type, dims, byteLength: bytes.length, inline: bytes });
    return name;
  }

  scalarInt(value: number): string {
    return this.ints([value], []);
  }

  scalarFloat(value: number, type: FloatTypeName = 'float32'): string {
    return this.floats([value], [], type);
  }

  /** Adds a node with one output and returns that output's name. */
  op(
    op: string,
    inputs: string[],
    attributes: Record<string, Attribute> = {},
    domain = '',
  ): string {
    const output = this.fresh(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [output], attributes, domain });
    return output;
  }

  /** Adds a node with several outputs. */
  opMulti(
    op: string,
    inputs: string[],
    outputCount: number,
    attributes: Record<string, Attribute> = {},
  ): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.fresh(op.toLowerCase()));
    this.nodes.push({ op, inputs, outputs, attributes, domain: '' });
    return outputs;
  }

  get inputSpecs(): readonly ValueSpec[] {
    return this.inputs;
  }

  get outputSpecs(): readonly ValueSpec[] {
    return this.outputs;
  }

  /** Bytes the external data file will hold. */
  get externalBytes(): number {
    return this.layout().length;
  }

  /** Page-aligned offsets in the data file, so runtimes that memory-map it can use them directly. */
  private layout(): { offsets: Map<string, number>; length: number } {
    const ALIGN = 4096;
    const offsets = new Map<string, number>();
    let length = 0;
    for (const init of this.initializers) {
      if (!init.external) continue;
      length += (ALIGN - (length % ALIGN)) % ALIGN;
      offsets.set(init.name, length);
      length += init.byteLength;
    }
    return { offsets, length };
  }

  /**
   * Writes the ONNX ModelProto to `modelPath` and its weights to `modelPath + '_data'`, producing
   * each weight group just before its bytes are written.
   */
  write(modelPath: string, opset = 17): void {
    const dataPath = `${modelPath}_data`;
    const { offsets } = this.layout();
    writeFileSync(modelPath, this.modelProto(basename(dataPath), offsets, opset));
    const fd = openSync(dataPath, 'w');
    try {
      let at = 0;
      for (const init of this.initializers) {
        const ref = init.external;
        if (!ref) continue;
        const offset = offsets.get(init.name) as number;
        if (offset > at) writeSync(fd, new Uint8Array(offset - at));
        const group = ref.group;
        group.parts ??= group.produce();
        const bytes = group.parts[ref.part];
        if (!bytes || bytes.length !== init.byteLength)
          throw new Error(
            `weight ${init.name}: produced ${bytes?.length} bytes, expected ${init.byteLength}`,
          );
        writeSync(fd, bytes);
        at = offset + bytes.length;
        group.written += 1;
        if (group.written === group.parts.length) group.parts = null;
      }
    } finally {
      closeSync(fd);
    }
  }

  private modelProto(
    dataFileName: string,
    offsets: Map<string, number>,
    opset: number,
  ): Uint8Array {
    const model = new ProtoWriter();
    model.int(1, 8); // ir_version 8 pairs with opset 17
    model.string(2, 'annota-synthetic-qwen3vl');
    model.string(3, '1');
    model.message(8, (w) => w.string(1, '').int(2, opset));
    model.message(8, (w) => w.string(1, 'com.microsoft').int(2, 1));
    model.message(7, (graph) => {
      for (const node of this.nodes) graph.message(1, (w) => writeNode(w, node));
      graph.string(2, this.name);
      for (const init of this.initializers) {
        graph.message(5, (w) => {
          for (const d of init.dims) w.int(1, d);
          w.int(2, ElementType[init.type]);
          w.string(8, init.name);
          const offset = offsets.get(init.name);
          if (init.inline) {
            w.bytes(9, init.inline);
          } else {
            w.message(13, (e) => e.string(1, 'location').string(2, dataFileName));
            w.message(13, (e) => e.string(1, 'offset').string(2, String(offset)));
            w.message(13, (e) => e.string(1, 'length').string(2, String(init.byteLength)));
            w.int(14, 1);
          }
        });
      }
      for (const input of this.inputs) graph.message(11, (w) => writeValueInfo(w, input));
      for (const output of this.outputs) graph.message(12, (w) => writeValueInfo(w, output));
    });
    return model.finish();
  }
}

function writeNode(w: ProtoWriter, node: Node): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.outputs[0] ?? node.op);
  w.string(4, node.op);
  for (const [name, attr] of Object.entries(node.attributes))
    w.message(5, (a) => writeAttribute(a, name, attr));
  if (node.domain) w.string(7, node.domain);
}

function writeAttribute(w: ProtoWriter, name: string, attr: Attribute): void {
  w.string(1, name);
  switch (attr.kind) {
    case 'int':
      w.int(3, attr.value).int(20, 2);
      break;
    case 'float':
      w.float(2, attr.value).int(20, 1);
      break;
    case 'ints':
      for (const v of attr.value) w.int(8, v);
      w.int(20, 7);
      break;
    case 'string':
      w.string(4, attr.value).int(20, 3);
      break;
    case 'tensor':
      w.message(5, (t) => {
        for (const d of attr.dims) t.int(1, d);
        t.int(2, ElementType[attr.type]);
        t.bytes(9, new Uint8Array(attr.data.buffer, attr.data.byteOffset, attr.data.byteLength));
      });
      w.int(20, 4);
      break;
  }
}

function writeValueInfo(w: ProtoWriter, spec: ValueSpec): void {
  w.string(1, spec.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, ElementType[spec.type]);
      tensor.message(2, (shape) => {
        for (const d of spec.dims) {
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}
