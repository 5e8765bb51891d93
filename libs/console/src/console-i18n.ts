import type { Request } from 'express';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANG_COOKIE = 'pulse_lang';

/** `?lang=` (the switch), then the remembered choice, then Accept-Language; English otherwise. */
export function chooseLanguage(request: Request, fromCookie: string | undefined): Language {
  const asked = typeof request.query.lang === 'string' ? request.query.lang : undefined;
  for (const candidate of [asked, fromCookie]) {
    const lang = LANGUAGES.find((l) => l === candidate);
    if (lang) return lang;
  }
  const accepted = (request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())).find(Boolean);
      return { tag: tag.toLowerCase(), q: q ? Number(q[1]) : 1 };
    })
    .filter((entry) => entry.tag.length > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of accepted) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/** The strings the server renders (navigation, sign-in); the pages' own strings live in assets/i18n.js. */
export const SHELL_TEXT = {
  en: {
    skip: 'Skip to content',
    nav: 'Main',
    signOut: 'Sign out',
    signedInAs: 'Signed in as',
    language: 'Language',
    reportZone: 'Report time zone',
    signInTitle: 'Sign in to Pulse',
    signInHelp:
      'Paste an API key of role admin or viewer. Create one with: node dist/apps/cli/src/main.js create-api-key --role viewer --name <you>',
    keyLabel: 'API key',
    signIn: 'Sign in',
    pages: {
      overview: 'Overview',
      nps: 'NPS',
      funnel: 'Funnel',
      activity: 'Active users',
      feedback: 'Feedback',
      experiments: 'Experiments',
      alerts: 'Alerts',
      incidents: 'Incidents',
      reports: 'Reports',
      admin: 'Admin',
    },
  },
  'zh-CN': {
    skip: '跳到正文',
    nav: '主导航',
    signOut: '退出登录',
    signedInAs: '当前身份',
    language: '语言',
    reportZone: '报表时区',
    signInTitle: '登录 Pulse',
    signInHelp:
      '粘贴一个角色为 admin 或 viewer 的 API 密钥。创建方法：node dist/apps/cli/src/main.js create-api-key --role viewer --name <你的名字>',
    keyLabel: 'API 密钥',
    signIn: '登录',
    pages: {
      overview: '概览',
      nps: 'NPS',
      funnel: '转化漏斗',
      activity: '活跃用户',
      feedback: '用户反馈',
      experiments: '实验',
      alerts: '告警',
      incidents: '事故',
      reports: '报表',
      admin: '管理',
    },
  },
} as const;

export type PageName = keyof (typeof SHELL_TEXT)['en']['pages'];
export const PAGES = Object.keys(SHELL_TEXT.en.pages) as PageName[];
