import type { WebClient } from '@slack/web-api';
import type { KeptFile } from '../../core/model.js';
import { DeliveryError } from '../outbox-worker.js';
import type { SlackDeliveryDeps } from './deps.js';
import { slackCall } from './slack-errors.js';

/** How long posting one file's bytes to Slack's upload URL may take. */
const UPLOAD_TIMEOUT_MS = 60_000;
/** How many pages of the thread are looked through for a file an interrupted attempt may have shared. */
const SEARCH_PAGES = 5;

/** A thread files are shared into: a queue card's, or the customer's DM thread. */
export interface Thread {
  channelId: string;
  ts: string;
}

/**
 * Uploads the files the desk kept of an article into a thread, with Slack's upload flow
 * (`files.getUploadURLExternal`, the bytes POSTed to the URL it gives, `files.completeUploadExternal`). The
 * file id is recorded before the file is shared: an attempt cut off after that finds the file in the thread
 * and does not share it again, or, not finding it, uploads it anew (the first one, never completed, stays
 * unseen). Empty files are not uploaded (Slack takes none): the thread's post lists them.
 */
export async function shareKeptFiles(
  deps: SlackDeliveryDeps,
  articleId: number,
  thread: Thread,
): Promise<void> {
  const files = await deps.desk.keptFiles(articleId);
  for (const file of files) {
    if (file.content.length === 0) continue;
    const earlier = await deps.desk.attachmentUpload(file.id, thread.channelId);
    if (earlier && (await sharedInThread(deps.client, thread, earlier))) continue;
    await upload(deps, file, thread);
  }
}

async function upload(deps: SlackDeliveryDeps, file: KeptFile, thread: Thread): Promise<void> {
  const { client } = deps;
  const target = await slackCall('files.getUploadURLExternal', () =>
    client.files.getUploadURLExternal({ filename: file.filename, length: file.content.length }),
  );
  if (!target.upload_url || !target.file_id)
    throw new DeliveryError('files.getUploadURLExternal: no upload URL');
  await deps.desk.recordAttachmentUpload({
    attachmentId: file.id,
    channelId: thread.channelId,
    fileId: target.file_id,
  });
  const posted = await postBytes(target.upload_url, file);
  if (!posted.ok) throw new DeliveryError(`uploading ${file.filename}: HTTP ${posted.status}`);
  const fileId = target.file_id;
  await slackCall('files.completeUploadExternal', () =>
    client.files.completeUploadExternal({
      files: [{ id: fileId, title: file.filename }],
      channel_id: thread.channelId,
      thread_ts: thread.ts,
    }),
  );
}

async function postBytes(url: string, file: KeptFile): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array(file.content),
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DeliveryError(
      `uploading ${file.filename}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Whether a message of the thread shares the file. */
async function sharedInThread(client: WebClient, thread: Thread, fileId: string): Promise<boolean> {
  let cursor: string | undefined;
  for (let page = 0; page < SEARCH_PAGES; page++) {
    const answer = await slackCall('conversations.replies', () =>
      client.conversations.replies({ channel: thread.channelId, ts: thread.ts, limit: 200, cursor }),
    );
    if (answer.messages?.some((message) => message.files?.some((f) => f.id === fileId))) return true;
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) return false;
  }
  return false;
}
