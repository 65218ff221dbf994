import type { AttachmentInput } from '../core/model.js';

/** A file as Slack describes it in a message event, a message shortcut or a `file_input`'s state. */
export interface SlackFile {
  id?: string;
  name?: string | null;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
}

/** How the listeners fetch files people share: with the bot token (scope `files:read`), up to a size. */
export interface FileFetching {
  botToken: string;
  /** Larger files are listed as refused (too large) and not fetched; the message still lands. */
  maxBytes: number;
  /** Where a file that could not be fetched is told (the log). */
  warn: (message: string) => void;
}

/** How long fetching one file from Slack may take. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * The attachments a message's files become: each fetched from `url_private_download` with the bot token and
 * kept by its bytes, so it outlives Slack's retention and can reach mail. One larger than the limit is not
 * fetched, one that cannot be fetched is kept as unreadable: listed, never lost silently.
 */
export async function fetchSlackFiles(
  fetching: FileFetching,
  files: SlackFile[],
): Promise<AttachmentInput[]> {
  return await Promise.all(files.map((file) => fetchSlackFile(fetching, file)));
}

async function fetchSlackFile(fetching: FileFetching, file: SlackFile): Promise<AttachmentInput> {
  const meta = {
    filename: file.name || 'file',
    contentType: file.mimetype || 'application/octet-stream',
    sizeBytes: file.size ?? 0,
    ...(file.id ? { slackFileId: file.id } : {}),
  };
  if (meta.sizeBytes > fetching.maxBytes) return { ...meta, refusedReason: 'too_large' };
  if (meta.sizeBytes === 0) return { ...meta, content: Buffer.alloc(0) };
  const content = await download(fetching, file);
  if (!content) return { ...meta, refusedReason: 'unreadable' };
  if (content.length > fetching.maxBytes)
    return { ...meta, sizeBytes: content.length, refusedReason: 'too_large' };
  return { ...meta, sizeBytes: content.length, content };
}

/**
 * The file's bytes, or undefined when Slack did not give them: a failed request, or its sign-in page (what a
 * request without a valid token gets, with status 200) instead of the file, told apart by size and type.
 */
async function download(fetching: FileFetching, file: SlackFile): Promise<Buffer | undefined> {
  if (!file.url_private_download) return undefined;
  try {
    const answer = await fetch(file.url_private_download, {
      headers: { Authorization: `Bearer ${fetching.botToken}` },
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    const signInPage =
      answer.headers.get('content-type')?.startsWith('text/html') && !file.mimetype?.startsWith('text/html');
    const bytes = answer.ok && !signInPage ? Buffer.from(await answer.arrayBuffer()) : undefined;
    if (bytes && (file.size === undefined || bytes.length === file.size)) return bytes;
    fetching.warn(
      `file ${file.id ?? '?'}: Slack gave no file (HTTP ${answer.status}, ${bytes?.length ?? 0} bytes)`,
    );
    return undefined;
  } catch (error) {
    fetching.warn(`file ${file.id ?? '?'}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
