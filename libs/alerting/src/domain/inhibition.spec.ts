import { compileInhibitRules, findInhibitor } from './inhibition';

describe('findInhibitor', () => {
  const rules = compileInhibitRules([
    {
      sourceMatchers: ['alertname="ServiceDown"'],
      targetMatchers: ['alertname!="ServiceDown"'],
      equal: ['instance'],
    },
  ]);
  const down = { fingerprint: 'f-down', labels: { alertname: 'ServiceDown', instance: 'api-1' } };

  it('inhibits targets with the same instance while the source fires', () => {
    const target = { fingerprint: 't', labels: { alertname: 'HighLatency', instance: 'api-1' } };
    expect(findInhibitor(rules, target, [down])).toBe('f-down');
  });

  it('leaves other instances, the source itself and alerts without a firing source alone', () => {
    const other = { fingerprint: 't2', labels: { alertname: 'HighLatency', instance: 'api-2' } };
    expect(findInhibitor(rules, other, [down])).toBeNull();
    expect(findInhibitor(rules, down, [down])).toBeNull();
    expect(
      findInhibitor(rules, { fingerprint: 't', labels: { alertname: 'X', instance: 'api-1' } }, []),
    ).toBeNull();
  });
});
