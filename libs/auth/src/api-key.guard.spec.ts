import type { Request } from 'express';
import { extractKey } from './api-key.guard';

const withHeaders = (headers: Record<string, string | string[]>) => ({ headers }) as unknown as Request;

describe('extractKey', () => {
  it('reads Authorization: Bearer, whatever the case of the scheme', () => {
    expect(extractKey(withHeaders({ authorization: 'Bearer pk_abc' }))).toBe('pk_abc');
    expect(extractKey(withHeaders({ authorization: 'bearer   pk_abc ' }))).toBe('pk_abc');
  });

  it('reads X-API-Key, also when Authorization carries another scheme', () => {
    expect(extractKey(withHeaders({ 'x-api-key': 'pk_abc' }))).toBe('pk_abc');
    expect(extractKey(withHeaders({ authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'pk_abc' }))).toBe(
      'pk_abc',
    );
  });

  it('prefers Bearer over X-API-Key', () => {
    expect(extractKey(withHeaders({ authorization: 'Bearer pk_one', 'x-api-key': 'pk_two' }))).toBe('pk_one');
  });

  it('finds nothing in malformed or repeated headers', () => {
    expect(extractKey(withHeaders({}))).toBeUndefined();
    expect(extractKey(withHeaders({ authorization: 'Bearer' }))).toBeUndefined();
    expect(extractKey(withHeaders({ authorization: 'Bearer a b' }))).toBeUndefined();
    expect(extractKey(withHeaders({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeUndefined();
    expect(extractKey(withHeaders({ 'x-api-key': ['pk_a', 'pk_b'] }))).toBeUndefined();
    expect(extractKey(withHeaders({ 'x-api-key': '' }))).toBeUndefined();
  });
});
