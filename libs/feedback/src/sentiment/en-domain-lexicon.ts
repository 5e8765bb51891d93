/**
 * Product-feedback words missing from AFINN-165, on its scale. Scored beside the `sentiment` library
 * rather than through its `extras` option, which would mutate the library's shared word list.
 */
// prettier-ignore
export const EN_DOMAIN_LEXICON: Readonly<Record<string, number>> = {
  crashes: -2, crashed: -2, crashing: -2, slow: -2, slower: -2, laggy: -2, freezes: -2, freeze: -2,
  freezing: -1, frozen: -1, hangs: -2, buggy: -3, bug: -1, bugs: -1, unusable: -3, unreliable: -2,
  clunky: -2, glitch: -2, glitches: -2, glitchy: -2, unresponsive: -2, intuitive: 2, smooth: 2,
  fast: 1, snappy: 2, seamless: 2,
};

/** As in the `sentiment` library: a negator flips the word right after it. */
export const EN_NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'cant',
  "can't",
  'dont',
  "don't",
  'doesnt',
  "doesn't",
  'isnt',
  "isn't",
  'wont',
  "won't",
  'non',
  'wasnt',
  "wasn't",
  'arent',
  "aren't",
  'didnt',
  "didn't",
]);
