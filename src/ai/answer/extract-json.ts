import { jsonrepair } from 'jsonrepair';
import {
  decodeStringLiteral,
  isComplete,
  scanJsonValue,
  type JsonNode,
  type Span,
} from './json-scan';

export type { JsonNode, Span } from './json-scan';

export interface JsonAnswer {
  /** The decoded value, with anything cut by truncation dropped. */
  value: unknown;
  /** Structure aligned with `value` (same items and members), spans in the original text. */
  root: JsonNode;
  span: Span;
  /** The answer ended inside the JSON value (token limit or a stop): incomplete parts were dropped. */
  truncated: boolean;
}

export type JsonExtraction =
  { ok: true; json: JsonAnswer } | { ok: false; reason: 'empty' | 'no-json'; message: string };

/** How many '{'/'[' positions are tried before giving up on prose with brackets in it. */
const MAX_CANDIDATES = 64;

/**
 * Finds the JSON value in a model answer: inside markdown fences, surrounded by prose, with trailing
 * commas, single quotes or Python literals, or cut off at the token limit (complete array elements
 * are kept, the cut one dropped). Several objects in a row without brackets read as one array.
 */
export function extractJson(text: string): JsonExtraction {
  if (!text.trim()) return { ok: false, reason: 'empty', message: 'the answer is empty' };
  const root = findRoot(text);
  // Without a bracket there is no JSON worth guessing at: jsonrepair would turn a sentence with a
  // comma into a list of words.
  if (root === null)
    return { ok: false, reason: 'no-json', message: 'no JSON object or array in the answer' };
  const pruned = prune(root, true) ?? { ...root, items: [], members: [] };
  return {
    ok: true,
    json: {
      value: decode(text, pruned),
      root: pruned,
      span: { start: root.start, end: root.end },
      truncated: !isComplete(root),
    },
  };
}

function findRoot(text: string): JsonNode | null {
  const roots: JsonNode[] = [];
  let from = 0;
  for (let n = 0; n < MAX_CANDIDATES; n++) {
    const at = nextOpening(text, from);
    if (at < 0) break;
    const node = scanJsonValue(text, at);
    if (node === null) break;
    roots.push(node);
    from = Math.max(node.end, at + 1);
  }
  let best: JsonNode | null = null;
  for (const candidate of groupConsecutiveObjects(text, roots)) {
    if (best === null || candidate.end - candidate.start > best.end - best.start) best = candidate;
  }
  return best;
}

function nextOpening(text: string, from: number): number {
  const brace = text.indexOf('{', from);
  const bracket = text.indexOf('[', from);
  if (brace < 0) return bracket;
  if (bracket < 0) return brace;
  return Math.min(brace, bracket);
}

/** `{…}\n{…}` (one object per line, as models sometimes answer) becomes one implicit array. */
function groupConsecutiveObjects(text: string, roots: JsonNode[]): JsonNode[] {
  const out: JsonNode[] = [];
  let run: JsonNode[] = [];
  const flush = () => {
    if (run.length === 1) out.push(run[0]!);
    else if (run.length > 1) {
      const last = run[run.length - 1]!;
      out.push({
        kind: 'array',
        start: run[0]!.start,
        end: last.end,
        closed: last.closed,
        items: run,
      });
    }
    run = [];
  };
  for (const node of roots) {
    const previous = run[run.length - 1];
    const adjoining =
      previous !== undefined &&
      previous.closed &&
      /^[\s,]*$/.test(text.slice(previous.end, node.start));
    if (node.kind !== 'object' || !adjoining) flush();
    if (node.kind === 'object') run.push(node);
    else out.push(node);
  }
  flush();
  return out;
}

/**
 * Drops what truncation cut: incomplete array elements entirely (a half box is no box), incomplete
 * members of objects unless their value is a container whose complete parts can be kept.
 */
function prune(node: JsonNode, keepPartialContainer: boolean): JsonNode | null {
  switch (node.kind) {
    case 'string':
    case 'literal':
      return node.closed ? node : null;
    case 'array': {
      if (!keepPartialContainer && !isComplete(node)) return null;
      const items = node.items.filter(isComplete);
      return { ...node, items };
    }
    case 'object': {
      if (!keepPartialContainer && !isComplete(node)) return null;
      const members = node.members.flatMap((m) => {
        const value = prune(m.value, true);
        return value === null ? [] : [{ ...m, value }];
      });
      return { ...node, members };
    }
  }
}

function decode(text: string, node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const m of node.members) out[m.key] = decode(text, m.value);
      return out;
    }
    case 'array':
      return node.items.map((item) => decode(text, item));
    case 'string': {
      const raw = text.slice(node.start, node.end);
      return decodeStringLiteral(raw) ?? repairScalar(raw) ?? raw.slice(1, -1);
    }
    case 'literal':
      return decodeLiteral(text.slice(node.start, node.end));
  }
}

const PYTHON_LITERALS: Record<string, boolean | null> = { True: true, False: false, None: null };

function decodeLiteral(raw: string): unknown {
  if (raw === '') return null;
  if (raw in PYTHON_LITERALS) return PYTHON_LITERALS[raw];
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return repairScalar(raw) ?? raw;
  }
}

/** jsonrepair handles what a strict parse refuses in one value: bad escapes, odd quotes. */
function repairScalar(raw: string): unknown {
  try {
    const value: unknown = JSON.parse(jsonrepair(raw));
    return typeof value === 'object' && value !== null ? undefined : value;
  } catch {
    return undefined;
  }
}

/** The span of the value at `path` (array indexes and object keys), when the structure has it. */
export function spanAt(root: JsonNode, path: readonly (string | number)[]): Span | undefined {
  let node: JsonNode | undefined = root;
  for (const step of path) {
    if (node === undefined) return undefined;
    if (typeof step === 'number') node = node.kind === 'array' ? node.items[step] : undefined;
    else node = node.kind === 'object' ? lastMember(node.members, step)?.value : undefined;
  }
  return node === undefined ? undefined : { start: node.start, end: node.end };
}

function lastMember<M extends { key: string }>(members: readonly M[], key: string): M | undefined {
  for (let i = members.length - 1; i >= 0; i--) if (members[i]!.key === key) return members[i];
  return undefined;
}
