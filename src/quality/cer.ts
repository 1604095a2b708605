/** Levenshtein distance over Unicode code points (a Chinese character or an emoji counts as one). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, substitution));
    }
    previous = row;
  }
  return previous[y.length]!;
}

export function charLength(text: string): number {
  return [...text].length;
}

/**
 * Character error rate of a model's text against the corrected (reference) text: edits needed per
 * reference character. An empty reference makes any output an error rate of 1.
 */
export function characterErrorRate(model: string, reference: string): number {
  const n = charLength(reference);
  if (n === 0) return model.length === 0 ? 0 : 1;
  return editDistance(model, reference) / n;
}
