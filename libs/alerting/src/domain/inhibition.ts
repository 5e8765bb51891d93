import { InhibitRuleSettings } from '@app/config';
import { LabelMatcher, Labels, matchesAll, parseMatcher } from './label-matcher';

export interface InhibitRule {
  source: LabelMatcher[];
  target: LabelMatcher[];
  equal: string[];
}

export function compileInhibitRules(settings: InhibitRuleSettings[]): InhibitRule[] {
  return settings.map((rule) => ({
    source: rule.sourceMatchers.map(parseMatcher),
    target: rule.targetMatchers.map(parseMatcher),
    equal: rule.equal,
  }));
}

export interface FiringAlertLabels {
  fingerprint: string;
  labels: Labels;
}

/**
 * Alertmanager semantics: the target is inhibited when a rule's target matchers match it and some
 * *firing* alert (other than itself) matches the source matchers with the same values for every
 * `equal` label (a label missing on both sides counts as equal). Returns the inhibiting fingerprint.
 */
export function findInhibitor(
  rules: InhibitRule[],
  target: FiringAlertLabels,
  firing: FiringAlertLabels[],
): string | null {
  for (const rule of rules) {
    if (!matchesAll(rule.target, target.labels)) continue;
    const source = firing.find(
      (candidate) =>
        candidate.fingerprint !== target.fingerprint &&
        matchesAll(rule.source, candidate.labels) &&
        rule.equal.every((name) => (candidate.labels[name] ?? '') === (target.labels[name] ?? '')),
    );
    if (source) return source.fingerprint;
  }
  return null;
}

/** Whether any rule could inhibit this alert (spares the lookup of firing alerts otherwise). */
export function mayBeInhibited(rules: InhibitRule[], labels: Labels): boolean {
  return rules.some((rule) => matchesAll(rule.target, labels));
}
