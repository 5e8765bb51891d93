import { Injectable } from '@nestjs/common';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import Sentiment from 'sentiment';
import { EN_DOMAIN_LEXICON, EN_NEGATORS } from './en-domain-lexicon';
import { ZH_INTENSIFIERS, ZH_LEXICON, ZH_NEGATORS } from './zh-lexicon';

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export interface SentimentResult {
  /** tanh(raw / 4): -1..1, comparable across languages. */
  score: number;
  label: SentimentLabel;
  /** Sum of word scores on the AFINN scale (English and Chinese parts together). */
  raw: number;
  language: 'en' | 'zh' | 'mixed' | 'none';
}

/** |score| below this is neutral: one mild word (AFINN ±1, e.g. "please") does not label a message. */
export const SENTIMENT_THRESHOLD = 0.25;
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /\p{L}{2,}/u;
const NEGATION_WINDOW = 3;

let segmenter: Jieba | null = null;

/** One segmenter per process (loading the dictionary takes ~0.25 s), with our lexicon words added. */
function getSegmenter(): Jieba {
  if (!segmenter) {
    const jieba = Jieba.withDict(dict);
    const words = [...Object.keys(ZH_LEXICON), ...ZH_NEGATORS, ...Object.keys(ZH_INTENSIFIERS)];
    jieba.loadDict(Buffer.from(words.map((word) => `${word} 100000`).join('\n'), 'utf8'));
    segmenter = jieba;
  }
  return segmenter;
}

/**
 * Scores feedback in English (AFINN-165 via `sentiment`, with negation), Chinese (jieba segmentation
 * and our word list, with negators and intensifiers) or both mixed: each part is scored on the AFINN
 * scale and the sums are added.
 */
@Injectable()
export class SentimentAnalyzer {
  // A private instance; `extras` is never passed because it mutates the module-wide AFINN list.
  private readonly english = new Sentiment();

  /** Loads the segmenter now rather than on the first Chinese request. */
  warmUp(): void {
    getSegmenter();
  }

  analyze(text: string): SentimentResult {
    const hasChinese = HAN.test(text);
    const latin = text.replace(HAN_RUN, ' , ');
    const hasEnglish = LATIN_WORD.test(latin);
    const raw = (hasEnglish ? this.scoreEnglish(latin) : 0) + (hasChinese ? this.scoreChinese(text) : 0);
    const score = Math.round(Math.tanh(raw / 4) * 1000) / 1000;
    return {
      score,
      label: labelFor(score),
      raw: Math.round(raw * 100) / 100,
      language: hasChinese && hasEnglish ? 'mixed' : hasChinese ? 'zh' : hasEnglish ? 'en' : 'none',
    };
  }

  private scoreEnglish(text: string): number {
    const result = this.english.analyze(text);
    let domain = 0;
    result.tokens.forEach((token, index) => {
      const value = EN_DOMAIN_LEXICON[token];
      if (value === undefined || result.words.includes(token)) return;
      domain += index > 0 && EN_NEGATORS.has(result.tokens[index - 1]) ? -value : value;
    });
    return result.score + domain;
  }

  private scoreChinese(text: string): number {
    const tokens = getSegmenter()
      .cut(text, false)
      .map((token) => token.trim())
      .filter((token) => token.length > 0);
    let total = 0;
    let negated = false; // toggled by each negator: 不是不好 cancels out
    let reach = 0; // tokens left before a pending negation lapses
    let boost = 1;
    const reset = () => {
      negated = false;
      reach = 0;
      boost = 1;
    };
    tokens.forEach((token, index) => {
      // punctuation or a Latin word ends the reach of a negator or intensifier
      if (!HAN.test(token)) return reset();
      const value = ZH_LEXICON[token];
      const intensifier = ZH_INTENSIFIERS[token];
      const next = tokens[index + 1];
      if (ZH_NEGATORS.has(token)) {
        negated = !negated;
        reach = NEGATION_WINDOW;
        return;
      }
      // 好 is a word (好) and an intensifier (好慢): an intensifier when a sentiment word follows
      if (intensifier !== undefined && (value === undefined || (next && ZH_LEXICON[next] !== undefined))) {
        boost *= intensifier;
        return;
      }
      if (value !== undefined) {
        // 不是很好: once negated, the intensifier no longer applies
        total += negated ? -value : value * boost;
        return reset();
      }
      reach = Math.max(0, reach - 1);
      if (reach === 0) negated = false;
    });
    return total;
  }
}

export function labelFor(score: number): SentimentLabel {
  if (score >= SENTIMENT_THRESHOLD) return 'positive';
  if (score <= -SENTIMENT_THRESHOLD) return 'negative';
  return 'neutral';
}
