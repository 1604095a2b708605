import type { CliEngine } from './batch';

export async function localEngine(_options: {
  modelDir: string;
  maxImageTokens: number;
}): Promise<CliEngine> {
  throw new Error('not yet');
}
