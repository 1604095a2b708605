/**
 * A list of names as people type it into one field: separated by ASCII or full-width commas, the
 * enumeration comma 、 or new lines ("cat, dog", "猫、狗", "猫，狗", one per line). Blanks dropped.
 */
export function parseLabelList(text: string): string[] {
  return text
    .split(/[,，、\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
