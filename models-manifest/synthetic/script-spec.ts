/**
 * Scripted answers of the synthetic model: what it says, when, and how sure it is.
 *
 * Script text syntax:
 * - `{dark|light}` an image slot: the first word when the image is dark (or there is none), the second
 *   when it is light. Proves the pixels reached the decoder.
 * - `[?text?]` an unsure span: its tokens come out with probability ≈ 0.4 instead of ≈ 1.
 */
export type Brightness = 'dark' | 'light';

export interface ScriptSpec {
  text: string;
  when?: { trigger?: string; image?: Brightness };
}

export interface SyntheticSpec {
  scripts: ScriptSpec[];
}

export interface ScriptStep {
  token: number;
  unsure: boolean;
}

/** What the graphs need, as plain numbers. */
export interface CompiledScripts {
  /** Row `2·script + (light ? 1 : 0)`; each ends with the end-of-turn token. */
  rows: ScriptStep[][];
  /** Token ids that mark a trigger in the prompt, and the trigger code (1…) each stands for. */
  triggerTokens: { id: number; code: number }[];
  /** Per script: trigger code to require, 0 for none. */
  scriptTrigger: number[];
  /** Per script: 0 any image, 1 dark, 2 light. */
  scriptImage: number[];
}

export interface TextEncoder {
  encode(text: string): number[];
}

export const END_OF_TURN = 151645;

/** Tokens every chat prompt contains, so they can never tell scripts apart. */
const TEMPLATE_TEXT =
  '<|im_start|>system\n<|im_end|>\n<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|><|im_end|>\n<|im_start|>assistant\n';

export function parseSpec(json: unknown): SyntheticSpec {
  const fail = (why: string): never => {
    throw new Error(`synthetic model spec: ${why}`);
  };
  if (
    typeof json !== 'object' ||
    json === null ||
    !Array.isArray((json as { scripts?: unknown }).scripts)
  ) {
    fail('expected {"scripts": [...]}');
  }
  const scripts = (json as { scripts: unknown[] }).scripts.map((raw, i): ScriptSpec => {
    if (typeof raw !== 'object' || raw === null) return fail(`script ${i} is not an object`);
    const { text, when } = raw as { text?: unknown; when?: unknown };
    if (typeof text !== 'string' || text.length === 0)
      return fail(`script ${i} needs a non-empty "text"`);
    if (when === undefined) return { text };
    if (typeof when !== 'object' || when === null)
      return fail(`script ${i}: "when" must be an object`);
    const { trigger, image } = when as { trigger?: unknown; image?: unknown };
    if (trigger !== undefined && (typeof trigger !== 'string' || trigger.trim() === '')) {
      return fail(`script ${i}: "when.trigger" must be a word`);
    }
    if (image !== undefined && image !== 'dark' && image !== 'light') {
      return fail(`script ${i}: "when.image" must be "dark" or "light"`);
    }
    return {
      text,
      when: {
        ...(trigger === undefined ? {} : { trigger: trigger as string }),
        ...(image === undefined ? {} : { image: image as Brightness }),
      },
    };
  });
  if (scripts.length === 0) fail('needs at least one script');
  return { scripts };
}

interface Segment {
  dark: string;
  light: string;
  unsure: boolean;
}

/** Splits script text into plain, unsure and image-slot segments. */
export function segmentScript(text: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /\[\?([\s\S]*?)\?\]|\{([^{}|]*)\|([^{}|]*)\}/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    if (at > last)
      segments.push({ dark: text.slice(last, at), light: text.slice(last, at), unsure: false });
    if (match[1] !== undefined) segments.push({ dark: match[1], light: match[1], unsure: true });
    else segments.push({ dark: match[2] ?? '', light: match[3] ?? '', unsure: false });
    last = at + match[0].length;
  }
  if (last < text.length)
    segments.push({ dark: text.slice(last), light: text.slice(last), unsure: false });
  return segments;
}

function compileRow(
  segments: Segment[],
  variant: Brightness,
  tokenizer: TextEncoder,
): ScriptStep[] {
  const steps: ScriptStep[] = [];
  for (const segment of segments) {
    const text = variant === 'dark' ? segment.dark : segment.light;
    if (text.length === 0) continue;
    for (const token of tokenizer.encode(text)) steps.push({ token, unsure: segment.unsure });
  }
  steps.push({ token: END_OF_TURN, unsure: false });
  return steps;
}

/**
 * Token ids of a trigger word at the start of a sentence and after a space — each form that the
 * tokenizer keeps whole. At least one must be, or the trigger could never be seen; a prompt must then
 * use a whole form (the e2e scripts check each prompt selects its own script).
 */
function triggerTokenIds(word: string, tokenizer: TextEncoder, templateIds: Set<number>): number[] {
  const forms = [word, ` ${word}`].map((form) => ({ form, ids: tokenizer.encode(form) }));
  const whole = forms.filter(({ ids }) => ids.length === 1);
  if (whole.length === 0) {
    const pieces = forms.map(({ form, ids }) => `"${form}" → [${ids.join(', ')}]`).join(', ');
    throw new Error(
      `synthetic model spec: trigger "${word}" must be a single token alone or after a space (${pieces}); ` +
        'pick a word the Qwen3 tokenizer keeps whole, e.g. "OCR", "Detect", "JSON"',
    );
  }
  const ids = [...new Set(whole.map(({ ids }) => ids[0] as number))];
  const clash = ids.find((id) => templateIds.has(id));
  if (clash !== undefined) {
    throw new Error(
      `synthetic model spec: trigger "${word}" (token ${clash}) appears in every chat prompt`,
    );
  }
  return ids;
}

export function compileScripts(spec: SyntheticSpec, tokenizer: TextEncoder): CompiledScripts {
  const templateIds = new Set(tokenizer.encode(TEMPLATE_TEXT));
  const codes = new Map<string, number>();
  const triggerTokens: { id: number; code: number }[] = [];
  const scriptTrigger: number[] = [];
  const scriptImage: number[] = [];
  const rows: ScriptStep[][] = [];
  for (const script of spec.scripts) {
    const word = script.when?.trigger;
    let code = 0;
    if (word !== undefined) {
      code = codes.get(word) ?? 0;
      if (code === 0) {
        code = codes.size + 1;
        codes.set(word, code);
        for (const id of triggerTokenIds(word, tokenizer, templateIds)) {
          const taken = triggerTokens.find((t) => t.id === id);
          if (taken)
            throw new Error(
              `synthetic model spec: trigger "${word}" shares token ${id} with another trigger`,
            );
          triggerTokens.push({ id, code });
        }
      }
    }
    scriptTrigger.push(code);
    scriptImage.push(script.when?.image === 'dark' ? 1 : script.when?.image === 'light' ? 2 : 0);
    const segments = segmentScript(script.text);
    rows.push(compileRow(segments, 'dark', tokenizer), compileRow(segments, 'light', tokenizer));
  }
  return { rows, triggerTokens, scriptTrigger, scriptImage };
}
