import { viewerMayRead } from './role';

describe('viewerMayRead', () => {
  it('allows GET and HEAD under /api/v1/admin except the API keys', () => {
    expect(viewerMayRead('GET', '/api/v1/admin/reports/nps')).toBe(true);
    expect(viewerMayRead('HEAD', '/api/v1/admin/incidents/INC-1/postmortem')).toBe(true);
    expect(viewerMayRead('GET', '/api/v1/admin/api-keys')).toBe(false);
    expect(viewerMayRead('GET', '/api/v1/admin/api-keys/123')).toBe(false);
  });

  it('refuses every write and everything outside /admin', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(viewerMayRead(method, '/api/v1/admin/incidents')).toBe(false);
    }
    expect(viewerMayRead('GET', '/api/v1/administrator')).toBe(false);
    expect(viewerMayRead('GET', '/api/v1/events')).toBe(false);
  });
});
