import { describe, expect, it } from 'vitest';
import type { AnnotateRequest, AnnotateResult } from '../../workers/inference.protocol';
import { ImageGroups, type GroupEngine } from './image-groups';

const request = (n: number) => ({ messages: [], n }) as unknown as AnnotateRequest;
const result = (text: string): AnnotateResult => ({
  text,
  tokens: [],
  finish: 'eos',
  timings: { preprocessMs: 0, generateMs: 0, promptTokens: 0, imageTokens: 0, newTokens: 0 },
});
const label = (r: AnnotateRequest) => String((r as unknown as { n: number }).n);

/** An engine that answers each group when told to, the first image of a group early. */
function engine() {
  const groups: string[][] = [];
  const release: (() => void)[] = [];
  const fake: GroupEngine = {
    annotate: async (r) => {
      groups.push([label(r)]);
      await new Promise<void>((go) => release.push(go));
      return result(`a${label(r)}`);
    },
    annotateBatch: async (requests, onText, onDone) => {
      groups.push(requests.map(label));
      onText(0, 'x');
      onDone(0, result(`a${label(requests[0]!)}`));
      await new Promise<void>((go) => release.push(go));
      return requests.map((r) => result(`a${label(r)}`));
    },
    cancel: async () => undefined,
  };
  return { fake, groups, release };
}

describe('ImageGroups', () => {
  it('sends images that arrive together as one group, answering each as it finishes', async () => {
    const { fake, groups, release } = engine();
    const grouped = new ImageGroups(fake, () => 3, 10);
    const texts: string[] = [];
    const answers = [1, 2, 3, 4].map((n) =>
      grouped.annotate(request(n), (chunk) => texts.push(`${n}${chunk}`)),
    );
    await expect(answers[0]).resolves.toMatchObject({ text: 'a1' });
    expect(groups).toEqual([['1', '2', '3']]);
    expect(texts).toEqual(['1x']);
    // The fourth waits for the group in flight, then goes alone after the gather time.
    release.shift()!();
    await expect(Promise.all(answers.slice(1, 3))).resolves.toMatchObject([
      { text: 'a2' },
      { text: 'a3' },
    ]);
    await new Promise((r) => setTimeout(r, 30));
    expect(groups).toEqual([['1', '2', '3'], ['4']]);
    release.shift()!();
    await expect(answers[3]).resolves.toMatchObject({ text: 'a4' });
  });

  it('fails every unfinished image of a group that fails', async () => {
    const fake: GroupEngine = {
      annotate: async () => result(''),
      annotateBatch: async (_requests, _onText, onDone) => {
        onDone(1, result('done'));
        throw new Error('device lost');
      },
      cancel: async () => undefined,
    };
    const grouped = new ImageGroups(fake, () => 2, 10);
    const [a, b] = [grouped.annotate(request(1), () => {}), grouped.annotate(request(2), () => {})];
    await expect(a).rejects.toThrow('device lost');
    await expect(b).resolves.toMatchObject({ text: 'done' });
  });
});
