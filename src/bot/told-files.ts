import { type AttachmentInput, screenAttachment } from '../core/model.js';
import { buildRefusedFiles } from '../views/messages/refused-files.js';
import type { BotDeps, WebClient } from './deps.js';
import { type Audience, tell } from './feedback.js';

/** Tells the sender, privately, which of their files the desk did not keep and why (the message landed). */
export async function tellRefusedFiles(
  deps: BotDeps,
  client: WebClient,
  to: Audience,
  attachments: AttachmentInput[],
): Promise<void> {
  const files = attachments.map(screenAttachment).map((file) => ({
    filename: file.filename,
    sizeBytes: file.sizeBytes,
    refused: file.refusedReason ?? null,
  }));
  const message = buildRefusedFiles({ locale: await deps.users.locale(to.userId), files });
  if (message) await tell(client, to, message);
}
