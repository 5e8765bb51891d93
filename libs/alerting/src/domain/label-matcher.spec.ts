import { matches, matchesAll, parseMatcher } from './label-matcher';

describe('label matchers', () => {
  const labels = { alertname: 'HighLatency', instance: 'db-1', team: 'core' };

  it('supports =, !=, =~ and !~ with anchored regexes', () => {
    expect(matches({ name: 'instance', op: '=', value: 'db-1' }, labels)).toBe(true);
    expect(matches({ name: 'instance', op: '!=', value: 'db-1' }, labels)).toBe(false);
    expect(matches({ name: 'instance', op: '=~', value: 'db-.*' }, labels)).toBe(true);
    // anchored: "db" alone does not match "db-1"
    expect(matches({ name: 'instance', op: '=~', value: 'db' }, labels)).toBe(false);
    expect(matches({ name: 'instance', op: '!~', value: 'web-.*' }, labels)).toBe(true);
  });

  it('treats a missing label as the empty string', () => {
    expect(matches({ name: 'env', op: '=', value: '' }, labels)).toBe(true);
    expect(matches({ name: 'env', op: '!=', value: 'prod' }, labels)).toBe(true);
  });

  it('requires every matcher to match', () => {
    expect(
      matchesAll(
        [
          { name: 'team', op: '=', value: 'core' },
          { name: 'alertname', op: '=', value: 'Other' },
        ],
        labels,
      ),
    ).toBe(false);
  });

  it('parses Alertmanager matcher strings', () => {
    expect(parseMatcher('alertname="ServiceDown"')).toEqual({
      name: 'alertname',
      op: '=',
      value: 'ServiceDown',
    });
    expect(parseMatcher(' instance =~ "db-\\\\d+" ')).toEqual({
      name: 'instance',
      op: '=~',
      value: 'db-\\d+',
    });
    expect(() => parseMatcher('alertname')).toThrow('invalid matcher');
    expect(() => parseMatcher('a=~"("')).toThrow();
  });
});
