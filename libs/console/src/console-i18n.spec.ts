import type { Request } from 'express';
import { chooseLanguage } from './console-i18n';

const req = (acceptLanguage?: string, lang?: string) =>
  ({ headers: { 'accept-language': acceptLanguage }, query: lang ? { lang } : {} }) as unknown as Request;

describe('chooseLanguage', () => {
  it('follows Accept-Language by quality', () => {
    expect(chooseLanguage(req('zh-CN,zh;q=0.9,en;q=0.8'), undefined)).toBe('zh-CN');
    expect(chooseLanguage(req('en-US,en;q=0.9,zh;q=0.8'), undefined)).toBe('en');
    expect(chooseLanguage(req('fr;q=1, zh-TW;q=0.5'), undefined)).toBe('zh-CN');
    expect(chooseLanguage(req('de'), undefined)).toBe('en');
    expect(chooseLanguage(req(undefined), undefined)).toBe('en');
  });

  it('lets the switch (?lang) win over the remembered choice, which wins over the header', () => {
    expect(chooseLanguage(req('en', 'zh-CN'), 'en')).toBe('zh-CN');
    expect(chooseLanguage(req('en'), 'zh-CN')).toBe('zh-CN');
    expect(chooseLanguage(req('zh', 'klingon'), undefined)).toBe('zh-CN');
  });
});
