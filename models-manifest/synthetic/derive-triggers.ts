import type { TextEncoder } from './script-spec';

/** Tokens every chat prompt contains, so they can never tell prompts apart. */
const TEMPLATE_TEXT =
  '<|im_start|>system\n<|im_end|>\n<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|><|im_end|>\n<|im_start|>assistant\n';

/** Every piece of a run, longest first: a word the tokenizer splits may still hold a whole token. */
function pieces(run: string, min: number, max: number): string[] {
  const out: string[] = [];
  for (let len = Math.min(max, run.length); len >= min; len--)
    for (let i = 0; i + len <= run.length; i++) out.push(run.slice(i, i + len));
  return out;
}

/** Pieces of a prompt to try as triggers: Latin words and their parts, short Chinese runs. */
function candidates(text: string): string[] {
  // Chinese first: a Chinese prompt is then told apart by its own words, not by a JSON key.
  const out: string[] = [];
  for (const m of text.matchAll(/[\u3400-\u9fff]+/g)) out.push(...pieces(m[0], 1, 4));
  for (const m of text.matchAll(/[A-Za-z][A-Za-z_]*/g)) out.push(m[0], ...pieces(m[0], 3, 12));
  return [...new Set(out)];
}

/**
 * A trigger word for each prompt, found in the prompt itself (issue 15: the synthetic spec is built
 * from the app's prompts, so rewording a prompt never breaks a test): a word the tokenizer keeps
 * whole (alone or after a space) whose token occurs in this prompt and in no prompt of another
 * group (prompts of one group select the same answer, e.g. one task in two languages), no chat
 * template and no reserved trigger. Throws naming the prompt when there is none.
 */
export function deriveTriggers(
  prompts: readonly { name: string; group: string; text: string }[],
  tokenizer: TextEncoder,
  reserved: readonly string[] = [],
): string[] {
  const ids = prompts.map((p) => new Set(tokenizer.encode(p.text)));
  const common = new Set(tokenizer.encode(TEMPLATE_TEXT));
  for (const word of reserved)
    for (const form of [word, ` ${word}`]) for (const id of tokenizer.encode(form)) common.add(id);
  const chosen = new Map<number, string>();
  return prompts.map((prompt, i) => {
    const others = ids.filter((_, j) => prompts[j]!.group !== prompt.group);
    for (const word of candidates(prompt.text)) {
      const whole = [word, ` ${word}`]
        .map((form) => tokenizer.encode(form))
        .filter((t) => t.length === 1)
        .map((t) => t[0]!);
      if (whole.length === 0 || !whole.some((id) => ids[i]!.has(id))) continue;
      const free = (id: number) =>
        !common.has(id) &&
        !others.some((o) => o.has(id)) &&
        (chosen.get(id) ?? prompt.group) === prompt.group;
      if (!whole.every(free)) continue;
      for (const id of whole) chosen.set(id, prompt.group);
      return word;
    }
    throw new Error(`no word of the "${prompt.name}" prompt tells it apart from the others`);
  });
}
