import { displayWidth, markdownTable } from './markdown-table';

describe('markdownTable', () => {
  it('pads columns to the widest cell, counting CJK characters as two columns', () => {
    expect(displayWidth('状态')).toBe(4);
    expect(displayWidth('a → b — c')).toBe(9);
    expect(
      markdownTable(
        ['时间', 'Event'],
        [
          ['10:00', '发现问题'],
          ['10:05', 'ok'],
        ],
      ),
    ).toEqual([
      '| 时间  | Event    |',
      '| ----- | -------- |',
      '| 10:00 | 发现问题 |',
      '| 10:05 | ok       |',
    ]);
  });

  it('keeps delimiter rows at least three dashes wide', () => {
    expect(markdownTable(['', ''], [['a', 'b']])).toEqual([
      '|     |     |',
      '| --- | --- |',
      '| a   | b   |',
    ]);
  });
});
