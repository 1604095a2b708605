import { emptySchema, newId, type LabelClass, type LabelSchema, type Size } from '../../domain';
import type { TokenProbability } from '../confidence';
import type { TaskContext } from './types';

/** Shared by the task tests: a context as the app would pass it. */
export function testContext<O>(
  options: O,
  overrides: { image?: Size; schema?: LabelSchema; finish?: TaskContext<O>['finish'] } = {},
): TaskContext<O> {
  return {
    image: overrides.image ?? { width: 1000, height: 500 },
    schema: overrides.schema ?? emptySchema(),
    options,
    model: { id: 'onnx-community/Qwen3-VL-2B-Instruct-ONNX', revision: 'abc123' },
    params: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 512 },
    now: 1_700_000_000_000,
    ...(overrides.finish ? { finish: overrides.finish } : {}),
  };
}

export function labelClass(name: string, synonyms: string[] = []): LabelClass {
  return {
    id: newId<'label-class'>(),
    name,
    color: '#112233',
    hotkey: '',
    attributes: [],
    synonyms,
  };
}

/** Tokens of `prob` each, three characters long, covering the answer. */
export function uniformTokens(answer: string, prob = 0.99): TokenProbability[] {
  const out: TokenProbability[] = [];
  for (let i = 0; i < answer.length; i += 3)
    out.push({ id: i, text: answer.slice(i, i + 3), prob });
  return out;
}
