import type { ArticleInput } from '../../core/model.js';

/** A file of a Slack message, as the event or the history gives it. */
export interface SlackFile {
  id?: string;
  name?: string | null;
  mimetype?: string;
  size?: number;
}

/** The article a Slack message becomes: its text (or its files' names), its ts, its files' metadata. */
export function messageArticle(
  channelId: string,
  message: { ts: string; text?: string; files?: SlackFile[] },
): ArticleInput & { slackChannelId: string; slackTs: string } {
  const files = message.files ?? [];
  const text = message.text?.trim() ? message.text : files.map((f) => f.name ?? 'file').join(', ');
  return {
    channel: 'slack',
    body: text,
    slackChannelId: channelId,
    slackTs: message.ts,
    attachments: files.map((f) => ({
      filename: f.name ?? 'file',
      contentType: f.mimetype ?? 'application/octet-stream',
      sizeBytes: f.size ?? 0,
      slackFileId: f.id,
    })),
  };
}
