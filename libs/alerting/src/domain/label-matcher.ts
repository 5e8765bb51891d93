export const MATCH_OPERATORS = ['=', '!=', '=~', '!~'] as const;
export type MatchOperator = (typeof MATCH_OPERATORS)[number];

export interface LabelMatcher {
  name: string;
  op: MatchOperator;
  value: string;
}

export type Labels = Record<string, string>;

const regexCache = new Map<string, RegExp>();

/** Alertmanager anchors regex matchers on both ends: `=~"db-.*"` must match the whole value. */
function anchored(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 's');
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex;
}

/** Throws a readable error for an invalid regular expression. */
export function assertValidMatcher(matcher: LabelMatcher): void {
  if (matcher.op === '=~' || matcher.op === '!~') anchored(matcher.value);
}

/** A missing label matches as the empty string, as in Alertmanager. */
export function matches(matcher: LabelMatcher, labels: Labels): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return anchored(matcher.value).test(value);
    case '!~':
      return !anchored(matcher.value).test(value);
  }
}

export function matchesAll(matchers: LabelMatcher[], labels: Labels): boolean {
  return matchers.every((matcher) => matches(matcher, labels));
}

const MATCHER_STRING = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Parses Alertmanager's matcher syntax: `alertname="ServiceDown"`, `instance=~"db-.*"`. */
export function parseMatcher(text: string): LabelMatcher {
  const found = MATCHER_STRING.exec(text);
  if (!found) throw new Error(`invalid matcher ${JSON.stringify(text)}`);
  const matcher = {
    name: found[1],
    op: found[2] as MatchOperator,
    value: JSON.parse(`"${found[3]}"`) as string,
  };
  assertValidMatcher(matcher);
  return matcher;
}
