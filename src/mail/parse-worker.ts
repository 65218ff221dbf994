/**
 * The worker thread mail is read in (see mail-reader.ts): it takes one raw mail at a time and answers with its
 * content as plain data, attachments moved (not copied) to the main thread, or with why it is unreadable.
 */
import { parentPort } from 'node:worker_threads';
import { readMailContent } from './mail-content.js';
import type { WorkerAnswer, WorkerJob } from './mail-reader.js';

/** The bytes of `content` in an ArrayBuffer of their own, so it can be transferred. */
function ownBytes(content: Uint8Array): Uint8Array {
  const whole = content.byteOffset === 0 && content.byteLength === content.buffer.byteLength;
  return whole ? content : new Uint8Array(content);
}

async function answer(job: WorkerJob): Promise<{ answer: WorkerAnswer; transfer: ArrayBuffer[] }> {
  try {
    const mail = await readMailContent(Buffer.from(job.raw.buffer, job.raw.byteOffset, job.raw.byteLength));
    const attachments = mail.attachments.map((a) => ({ ...a, content: ownBytes(a.content) }));
    const transfer = [...new Set(attachments.map((a) => a.content.buffer as ArrayBuffer))];
    return { answer: { kind: 'read', mail: { ...mail, attachments } }, transfer };
  } catch (error) {
    return { answer: { kind: 'unreadable', reason: (error as Error).message }, transfer: [] };
  }
}

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs only as a worker thread');
port.on('message', (job: WorkerJob) => {
  void answer(job).then(({ answer, transfer }) => port.postMessage(answer, transfer));
});
port.postMessage({ kind: 'ready' } satisfies WorkerAnswer);
