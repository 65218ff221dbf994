import type { WebClient } from '@slack/web-api';

export interface UploadedFile {
  fileId: string;
  channelId: string;
}

export interface FileToSend {
  filename: string;
  title: string;
  bytes: Uint8Array;
  /** The message the file comes with. */
  initialComment?: string;
  /** Describes an image for screen readers. */
  altText?: string;
}

/** How long posting the bytes may take. */
const UPLOAD_TIMEOUT_MS = 30_000;

/**
 * Puts a file in the user's DM with the app, the way Slack wants files uploaded: the DM is opened
 * (`conversations.open`), Slack gives an upload URL (`files.getUploadURLExternal`), the bytes are POSTed there,
 * and `files.completeUploadExternal` shares the file into the DM.
 */
export async function uploadToDm(client: WebClient, userId: string, file: FileToSend): Promise<UploadedFile> {
  const opened = await client.conversations.open({ users: userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error(`conversations.open gave no channel for ${userId}`);
  const target = await client.files.getUploadURLExternal({
    filename: file.filename,
    length: file.bytes.byteLength,
    ...(file.altText ? { alt_text: file.altText } : {}),
  });
  if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal gave no upload URL');
  const posted = await fetch(target.upload_url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: new Uint8Array(file.bytes),
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  if (!posted.ok) throw new Error(`uploading ${file.filename} failed: HTTP ${posted.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: file.title }],
    channel_id: channelId,
    ...(file.initialComment ? { initial_comment: file.initialComment } : {}),
  });
  return { fileId: target.file_id, channelId };
}
