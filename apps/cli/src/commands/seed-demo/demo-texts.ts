import type { FeedbackType, NpsCategory } from '@app/feedback';

/** Texts a real user of each feedback type would write, in English and Simplified Chinese. */
export const FEEDBACK_TEXTS: Record<FeedbackType, { en: string[]; zh: string[] }> = {
  bug: {
    en: [
      'The checkout page crashes when I apply a discount code, very frustrating',
      'Export to CSV is broken: the file is empty every time',
      'Saving my profile picture fails with error 500, so annoying',
      'The mobile app logs me out every few minutes, annoying',
      'Payment failed twice but my card was charged, this is terrible',
      'Search is broken for words with accents, useless for my team',
      'The dashboard chart is blank after the last update, really disappointing',
      'Notifications are late or missing, this is a serious problem',
    ],
    zh: [
      '结账页面一直报错，无法付款，很失望',
      '导出功能坏了，下载的文件是空的',
      '登录太慢了，经常卡住，体验很差',
      '上传图片失败，提示服务器错误',
      '手机端页面显示错乱，按钮点不了，很糟糕',
    ],
  },
  feature: {
    en: [
      'Could you add dark mode? I work late and it would help',
      'Please add an option to export reports to PDF',
      'It would be great to share a dashboard with a link',
      'I would love keyboard shortcuts for the inbox',
      'Please support single sign-on with our company account',
      'Would be nice to schedule reports by e-mail every Monday',
    ],
    zh: [
      '希望增加深色模式，晚上用会更舒服',
      '能否支持导出 PDF 报告？',
      '建议增加微信登录',
      '希望可以按周自动发送报表邮件',
    ],
  },
  improvement: {
    en: [
      'The onboarding is good but a bit long, maybe skip the last step',
      'Loading the reports page could be faster',
      'The filters are useful but hard to find on small screens',
      'Nice redesign! The font could be a little larger',
      'The search works well, sorting by date would make it better',
      'Settings page is confusing, group the options please',
    ],
    zh: [
      '整体不错，但是报表加载可以更快一些',
      '界面很漂亮，字体可以再大一点',
      '搜索功能很好用，希望能按日期排序',
      '设置页面有点乱，建议重新分组',
    ],
  },
  other: {
    en: [
      'Love the new dashboard, it is fast and clear',
      'Great support team, they solved my issue in minutes',
      'Just wanted to say thanks, the product keeps getting better',
      'How do I change the e-mail address of my account?',
      'Checkout works, nothing special',
    ],
    zh: [
      '界面很漂亮，用起来很方便',
      '客服很专业，问题很快就解决了',
      '谢谢你们，产品越来越好用了',
      '请问怎么修改账户邮箱？',
    ],
  },
};

/** NPS reasons (verbatims) that fit the score's category. */
export const NPS_REASONS: Record<NpsCategory, { en: string[]; zh: string[] }> = {
  promoter: {
    en: [
      'Saves me hours every week',
      'Fast, reliable and the support is great',
      'The reports are exactly what my team needs',
      'Easy to use, I recommend it to everyone',
    ],
    zh: ['非常好用，节省了很多时间', '速度快，很稳定', '报表很清楚，团队都在用'],
  },
  passive: {
    en: [
      'Good overall, a few features are missing',
      'Works fine but the price is a bit high',
      'Decent, the mobile app needs work',
    ],
    zh: ['整体还可以，有些功能缺少', '不错，但是价格有点贵'],
  },
  detractor: {
    en: [
      'Checkout kept failing last week',
      'Too many bugs lately, I lost data',
      'Slow and confusing, support did not answer',
      'The app logs me out all the time',
    ],
    zh: ['最近问题太多，经常报错', '付款失败了好几次，很失望', '太慢了，不好用'],
  },
};
