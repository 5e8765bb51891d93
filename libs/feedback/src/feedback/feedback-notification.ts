import { OutboxMessage } from '@app/outbox';
import { SentimentLabel } from '../sentiment/sentiment-analyzer';
import { FeedbackType } from './feedback-type';

const EXCERPT_CHARS = 300;
const EMOJI: Record<SentimentLabel, string> = {
  negative: ':warning:',
  neutral: ':speech_balloon:',
  positive: ':tada:',
};

/** Slack's three control characters; everything else is shown as typed. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function excerpt(message: string): string {
  const chars = Array.from(message); // code points: never cut a character in half
  return chars.length <= EXCERPT_CHARS ? message : `${chars.slice(0, EXCERPT_CHARS).join('')}…`;
}

/** The Slack announcement of one new feedback. */
export function feedbackSlackMessage(input: {
  id: string;
  type: FeedbackType;
  sentiment: SentimentLabel;
  score: number;
  message: string;
  publicBaseUrl: string;
}): OutboxMessage {
  const link = `${input.publicBaseUrl.replace(/\/$/, '')}/api/v1/admin/feedback/${input.id}`;
  const headline = `${EMOJI[input.sentiment]} New ${input.type} feedback (${input.sentiment}, ${input.score.toFixed(2)})`;
  const body = escapeSlack(excerpt(input.message));
  return {
    channel: 'slack',
    source: 'feedback',
    dedupeKey: `feedback:${input.id}`,
    payload: {
      text: `${headline}: ${body} <${link}|Open>`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*\n>${body.replace(/\n/g, '\n>')}` } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `<${link}|Open in Pulse> · ${input.id}` }] },
      ],
    },
  };
}
