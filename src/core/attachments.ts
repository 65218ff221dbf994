import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { tablesOf } from '../db/tables.js';
import type { CoreContext } from './context.js';

/** An attachment whose bytes the desk kept: what a delivery uploads to Slack or attaches to a mail. */
export interface KeptFile {
  id: number;
  filename: string;
  contentType: string;
  content: Buffer;
}

const keptOfArticle = (db: Db) => {
  const { attachments } = tablesOf(db);
  return db
    .select({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      content: attachments.content,
    })
    .from(attachments)
    .where(
      and(
        eq(attachments.articleId, sql.placeholder('articleId')),
        isNull(attachments.refusedReason),
        isNotNull(attachments.content),
      ),
    )
    .orderBy(asc(attachments.id))
    .prepare();
};

const uploadOf = (db: Db) => {
  const { attachmentUploads } = tablesOf(db);
  return db
    .select({ fileId: attachmentUploads.fileId })
    .from(attachmentUploads)
    .where(
      and(
        eq(attachmentUploads.attachmentId, sql.placeholder('attachmentId')),
        eq(attachmentUploads.channelId, sql.placeholder('channelId')),
      ),
    )
    .prepare();
};

const upsertUpload = (db: Db) => {
  const { attachmentUploads } = tablesOf(db);
  return db
    .insert(attachmentUploads)
    .values({
      attachmentId: sql.placeholder('attachmentId'),
      channelId: sql.placeholder('channelId'),
      fileId: sql.placeholder('fileId'),
    })
    .onConflictDoUpdate({
      target: [attachmentUploads.attachmentId, attachmentUploads.channelId],
      set: { fileId: sql`excluded.file_id` },
    })
    .prepare();
};

/** The files of an article the desk kept the bytes of (refused ones have none), in the order they came. */
export async function keptFiles(ctx: CoreContext, articleId: number): Promise<KeptFile[]> {
  const rows = await prepared(ctx.db, keptOfArticle).execute({ articleId });
  return rows.map((row) => ({ ...row, content: Buffer.from(row.content as Uint8Array) }));
}

/** The Slack file an attachment was last uploaded as into `channelId`, if an upload was begun. */
export async function attachmentUpload(
  ctx: CoreContext,
  attachmentId: number,
  channelId: string,
): Promise<string | undefined> {
  return (await prepared(ctx.db, uploadOf).execute({ attachmentId, channelId }))[0]?.fileId;
}

/** Records the Slack file an attachment is being uploaded as into `channelId` (a new upload replaces it). */
export async function recordAttachmentUpload(
  ctx: CoreContext,
  upload: { attachmentId: number; channelId: string; fileId: string },
): Promise<void> {
  await prepared(ctx.db, upsertUpload).execute(upload);
}
