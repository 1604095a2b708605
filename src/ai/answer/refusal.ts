/**
 * Phrases with which a model refuses or says it cannot tell. Matched case-insensitively as
 * substrings; kept specific so ordinary captions ("a clear sky") do not trip them.
 */
export const REFUSAL_PHRASES: Readonly<Record<'zh' | 'en', readonly string[]>> = {
  zh: [
    '无法判断',
    '无法确定',
    '无法识别',
    '无法回答',
    '无法看清',
    '看不清',
    '不清楚',
    '不确定',
    '抱歉',
    '对不起',
    '我不能',
    '我无法',
    '难以判断',
    '难以辨认',
    '无法提供',
  ],
  en: [
    'cannot determine',
    "can't determine",
    'cannot be determined',
    'unable to determine',
    'unable to identify',
    'unable to see',
    'unable to provide',
    'cannot identify',
    'cannot see',
    "can't see",
    "can't tell",
    'cannot tell',
    'impossible to tell',
    'impossible to determine',
    'not possible to determine',
    "i'm sorry",
    'i am sorry',
    'i apologize',
    "i can't",
    'i cannot',
    "i'm unable",
    'i am unable',
    "i'm not sure",
    'i am not sure',
    'not clear enough',
    'too blurry',
    'as an ai',
  ],
};

/** Typographic apostrophes are common in model output: compare with straight ones. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
}

/** The first refusal or uncertainty phrase found in the text (zh or en), or null. */
export function findRefusal(text: string): string | null {
  const haystack = normalise(text);
  for (const phrase of [...REFUSAL_PHRASES.zh, ...REFUSAL_PHRASES.en]) {
    if (haystack.includes(phrase)) return phrase;
  }
  return null;
}
