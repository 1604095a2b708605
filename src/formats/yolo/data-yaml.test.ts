import { describe, expect, it } from 'vitest';
import { dataYaml, parseDataYamlNames } from './data-yaml';

describe('data.yaml class names', () => {
  it('round-trips names holding the characters YAML 1.1 takes as line breaks, one name per line', () => {
    const names = ['!\u2028!', 'a\u2029b', 'nel\u0085x', '猫 "quoted"'];
    const text = dataYaml('Project\u2028name', names, undefined, true);
    expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(text.split('\n')[0]).toBe('# Project name — exported by Annota');
    expect(parseDataYamlNames(text)).toEqual(names);
  });

  it('reads a raw line separator inside a name written by another tool', () => {
    expect(parseDataYamlNames('names:\n  0: "a\u2028b"\n  1: c\u2029d\n')).toEqual([
      'a\u2028b',
      'c\u2029d',
    ]);
  });
});
