import { NpsLinkSigner } from '@app/auth';
import { ManualClock } from '@app/clock';
import { loadConfig } from '@app/config';
import { buildNpsLinks } from './nps-link.command';

describe('nps-link command', () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    NPS_LINK_SECRET: 'nps-link-secret-for-tests-0123456789abcdef',
    PUBLIC_BASE_URL: 'https://pulse.example.com/',
  });
  const now = new Date('2026-11-24T10:00:00Z');

  it('prints eleven links, scores 0..10, whose token names the user and survey', () => {
    const links = buildNpsLinks(config, { user: 'u-42', survey: 'q4', expiresInDays: 7 }, now);
    expect(links.map((link) => link.score)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const url = new URL(links[9].url);
    expect(`${url.origin}${url.pathname}`).toBe('https://pulse.example.com/api/v1/nps');
    expect(url.searchParams.get('score')).toBe('9');
    const signer = new NpsLinkSigner(config, new ManualClock(now));
    expect(signer.verify(url.searchParams.get('token')!)).toEqual({
      userId: 'u-42',
      surveyId: 'q4',
      expiresAt: new Date('2026-12-01T10:00:00Z'),
    });
  });

  it('needs NPS_LINK_SECRET', () => {
    const unsigned = loadConfig({ NODE_ENV: 'test' });
    expect(() => buildNpsLinks(unsigned, { user: 'u', survey: 'default', expiresInDays: 1 }, now)).toThrow(
      /NPS_LINK_SECRET/,
    );
  });
});
