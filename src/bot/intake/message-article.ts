import type { ArticleInput } from '../../core/model.js';
import type { SlackFile } from '../slack-files.js';

export type { SlackFile } from '../slack-files.js';

/** The article a Slack message becomes: its text (or its files' names) and its ts; its files come fetched. */
export function messageArticle(
  channelId: string,
  message: { ts: string; text?: string; files?: SlackFile[] },
): ArticleInput & { slackChannelId: string; slackTs: string } {
  const files = message.files ?? [];
  const text = message.text?.trim() ? message.text : files.map((f) => f.name || 'file').join(', ');
  return { channel: 'slack', body: text, slackChannelId: channelId, slackTs: message.ts };
}
