import { MAX_JSON_DEPTH, findUnstorableInput } from './storable-input';

const nestedArrays = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

describe('findUnstorableInput', () => {
  it('accepts ordinary JSON, emoji and Chinese text', () => {
    expect(findUnstorableInput({ a: ['x', { b: '😀 很好用' }], n: 1, z: null })).toBeUndefined();
  });

  it('names the path of a NUL or unpaired surrogate, in values and keys', () => {
    expect(findUnstorableInput({ a: [{ b: 'x\u0000' }] })?.field).toBe('a[0].b');
    expect(findUnstorableInput([{ userId: '\ud800' }])?.field).toBe('items[0].userId');
    expect(findUnstorableInput({ m: { ['k\u0000']: 1 } })?.field).toBe('m.k\u0000');
    expect(findUnstorableInput('\udc00', 'id')).toMatchObject({ field: 'id', rule: 'storableText' });
  });

  it('allows MAX_JSON_DEPTH levels and refuses one more, without recursing past the limit', () => {
    expect(findUnstorableInput(nestedArrays(MAX_JSON_DEPTH))).toBeUndefined();
    expect(findUnstorableInput(nestedArrays(MAX_JSON_DEPTH + 1))).toMatchObject({ rule: 'maxDepth' });
    expect(findUnstorableInput({ p: nestedArrays(100_000) })).toMatchObject({
      field: expect.stringMatching(/^p\[0\]/),
      rule: 'maxDepth',
    });
  });
});
