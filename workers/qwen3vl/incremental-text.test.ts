import { describe, expect, it } from 'vitest';
import { IncrementalText, type TokenDecoder } from './incremental-text.ts';

/** A byte-level stand-in: each id is one UTF-8 byte; id 999 is a special token. */
const bytes: TokenDecoder = {
  decode: (ids, options) =>
    new TextDecoder().decode(
      new Uint8Array(ids.filter((id) => !(options?.skip_special_tokens && id === 999))),
    ),
};

describe('IncrementalText', () => {
  it('matches decoding the whole answer, waiting out characters split across tokens', () => {
    const ids = [...new TextEncoder().encode('[{"label": "猫"}] ¥42'), 999];
    const text = new IncrementalText(bytes);
    const seen: string[] = [];
    for (const id of ids) seen.push(text.push(id));
    expect(text.text).toBe(bytes.decode(ids, { skip_special_tokens: true }));
    expect(seen.every((s) => !s.includes('\uFFFD'))).toBe(true);
    // While the three bytes of 猫 arrive, the text does not move.
    const cat = seen.findIndex((s) => s.endsWith('猫'));
    expect(seen[cat - 1]).toBe(seen[cat - 2]);
  });
});
