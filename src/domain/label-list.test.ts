import { describe, expect, it } from 'vitest';
import { parseLabelList } from './label-list';

describe('parseLabelList', () => {
  it.each([
    ['cat, dog', ['cat', 'dog']],
    ['猫，狗', ['猫', '狗']],
    // Regression: the batch form did not split on 、, so "猫、狗" was one label there.
    ['猫、狗', ['猫', '狗']],
    ['cat\ndog\r\nbird', ['cat', 'dog', 'bird']],
    ['  traffic light ,, ，', ['traffic light']],
    ['', []],
  ])('%j → %j', (text, labels) => {
    expect(parseLabelList(text)).toEqual(labels);
  });
});
