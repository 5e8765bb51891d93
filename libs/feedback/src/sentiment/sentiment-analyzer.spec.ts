import Sentiment from 'sentiment';
import { SentimentAnalyzer, labelFor } from './sentiment-analyzer';

describe('SentimentAnalyzer', () => {
  const analyzer = new SentimentAnalyzer();
  const label = (text: string) => analyzer.analyze(text).label;

  describe('English (AFINN-165 with negation)', () => {
    it.each([
      ['I love the new dashboard, thanks!', 'positive'],
      ['Exporting to CSV is so easy now, great job', 'positive'],
      ['This is terrible, I hate the new checkout', 'negative'],
      ['The app crashes every time I open settings', 'negative'],
      ['Search is slow and buggy since the last release', 'negative'],
      ['Please add a dark mode', 'neutral'],
      ['Can you add an export button to the reports page?', 'neutral'],
    ])('%s → %s', (text, expected) => {
      expect(label(text)).toBe(expected);
    });

    it('flips a word after a negator', () => {
      expect(label('I do not like the new design')).toBe('negative');
      expect(label('not bad at all')).toBe('positive');
      expect(analyzer.analyze('it is not slow').raw).toBeGreaterThan(0);
    });

    it('does not touch the library word list shared by other instances', () => {
      analyzer.analyze('crashes crashes');
      expect(new Sentiment().analyze('crashes').score).toBe(0);
    });
  });

  describe('Chinese (jieba segmentation, shipped word list)', () => {
    it.each([
      ['这个应用非常好用，我很喜欢', 'positive'],
      ['导出功能很方便，谢谢你们', 'positive'],
      ['客服很耐心，问题很快就解决了', 'positive'],
      ['登录总是失败，太让人失望了', 'negative'],
      ['客服态度很差，再也不用了', 'negative'],
      ['更新以后经常闪退，卡顿也很严重', 'negative'],
      ['希望增加夜间模式', 'neutral'],
      ['请问在哪里修改密码', 'neutral'],
    ])('%s → %s', (text, expected) => {
      expect(label(text)).toBe(expected);
    });

    it('flips the next sentiment word after 不/没/别/没有/未', () => {
      expect(label('我不喜欢新的设计')).toBe('negative');
      expect(analyzer.analyze('没有问题').raw).toBeGreaterThan(0);
      expect(analyzer.analyze('别担心').raw).toBeGreaterThan(0);
      expect(analyzer.analyze('没满意过').raw).toBeLessThan(0);
      expect(analyzer.analyze('问题未解决').raw).toBeLessThan(0);
      expect(label('不是不好')).toBe('positive');
    });

    it('keeps product words whole (闪退, 卡顿) and lets intensifiers strengthen', () => {
      expect(analyzer.analyze('经常闪退').raw).toBeLessThan(analyzer.analyze('闪退').raw);
      expect(analyzer.analyze('好慢').raw).toBeLessThan(analyzer.analyze('慢').raw);
    });

    it('stops a negation at punctuation', () => {
      expect(analyzer.analyze('没有，满意').raw).toBeGreaterThan(0);
    });
  });

  describe('mixed text', () => {
    it('scores the English and the Chinese parts and adds them', () => {
      const mixed = analyzer.analyze('Great app! 但是最近更新后经常闪退，很失望');
      expect(mixed.language).toBe('mixed');
      expect(mixed.raw).toBeCloseTo(
        analyzer.analyze('Great app!').raw + analyzer.analyze('但是最近更新后经常闪退，很失望').raw,
        5,
      );
      expect(mixed.label).toBe('negative');
      expect(label('更新后 login 一直失败，customer support 没人理')).toBe('negative');
      expect(label('The new export is awesome, 非常好用')).toBe('positive');
    });
  });

  it('keeps scores in -1..1 and labels by the documented threshold', () => {
    const loud = analyzer.analyze('垃圾垃圾垃圾垃圾 terrible awful horrible');
    expect(loud.score).toBeGreaterThanOrEqual(-1);
    expect(loud.label).toBe('negative');
    expect(analyzer.analyze('!!!')).toEqual({ score: 0, label: 'neutral', raw: 0, language: 'none' });
    expect(labelFor(0.25)).toBe('positive');
    expect(labelFor(0.2499)).toBe('neutral');
    expect(labelFor(-0.25)).toBe('negative');
  });
});
