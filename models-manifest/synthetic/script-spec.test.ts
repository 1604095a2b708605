import { describe, expect, it } from 'vitest';
import {
  compileScripts,
  END_OF_TURN,
  parseSpec,
  segmentScript,
  type TextEncoder,
} from './script-spec.ts';

/**
 * A stand-in tokenizer: one token per character, a space joining the character after it (like
 * Qwen's " word" tokens, id + 1000), so one-letter words are single tokens in both forms.
 */
const perCharacter: TextEncoder = {
  encode: (text) =>
    Array.from(text.match(/ ?[^ ]| $/gu) ?? [], (piece) =>
      piece.length === 2 ? 1000 + (piece.codePointAt(1) ?? 0) : (piece.codePointAt(0) ?? 0),
    ),
};

describe('script text', () => {
  it('splits plain, unsure and image-slot segments', () => {
    expect(segmentScript('A {dark|light} [?cat?].')).toEqual([
      { dark: 'A ', light: 'A ', unsure: false },
      { dark: 'dark', light: 'light', unsure: false },
      { dark: ' ', light: ' ', unsure: false },
      { dark: 'cat', light: 'cat', unsure: true },
      { dark: '.', light: '.', unsure: false },
    ]);
  });

  it('compiles a dark and a light row per script, each ending with the end-of-turn token', () => {
    const compiled = compileScripts({ scripts: [{ text: '{a|b}[?c?]' }] }, perCharacter);
    expect(compiled.rows).toEqual([
      [
        { token: 97, unsure: false },
        { token: 99, unsure: true },
        { token: END_OF_TURN, unsure: false },
      ],
      [
        { token: 98, unsure: false },
        { token: 99, unsure: true },
        { token: END_OF_TURN, unsure: false },
      ],
    ]);
  });
});

describe('spec', () => {
  it('gives triggers codes and keeps image conditions', () => {
    const spec = parseSpec({
      scripts: [
        { text: 'x', when: { trigger: 'Q', image: 'light' } },
        { text: 'y', when: { trigger: 'Q' } },
        { text: 'z' },
      ],
    });
    const compiled = compileScripts(spec, perCharacter);
    expect(compiled.scriptTrigger).toEqual([1, 1, 0]);
    expect(compiled.scriptImage).toEqual([2, 0, 0]);
    expect(compiled.triggerTokens).toEqual([
      { id: 81, code: 1 },
      { id: 1081, code: 1 },
    ]);
  });

  it('accepts a trigger kept whole in only one form, listening for that form alone', () => {
    const wholeAtStart: TextEncoder = {
      encode: (text) =>
        text === 'Inspect' ? [7] : text === ' Inspect' ? [8, 9] : perCharacter.encode(text),
    };
    const compiled = compileScripts(
      { scripts: [{ text: 'x', when: { trigger: 'Inspect' } }] },
      wholeAtStart,
    );
    expect(compiled.triggerTokens).toEqual([{ id: 7, code: 1 }]);
  });

  it('rejects a trigger that is one token in neither form, saying how it splits', () => {
    expect(() =>
      compileScripts({ scripts: [{ text: 'x', when: { trigger: 'long' } }] }, perCharacter),
    ).toThrow(/"long" → \[108, 111, 110, 103\]/);
  });

  it('rejects a trigger every prompt contains', () => {
    expect(() =>
      compileScripts({ scripts: [{ text: 'x', when: { trigger: 'u' } }] }, perCharacter),
    ).toThrow(/appears in every chat prompt/);
  });

  it('rejects malformed specs', () => {
    expect(() => parseSpec({ scripts: [] })).toThrow(/at least one/);
    expect(() => parseSpec({ scripts: [{ text: 'x', when: { image: 'grey' } }] })).toThrow(
      /dark.*light/,
    );
    expect(() => parseSpec([])).toThrow(/scripts/);
  });
});
