/**
 * Mail as real mailers write it, made readable before mailparser reads it. Two faults are common in the wild,
 * and mailparser turns both into U+FFFD:
 * - a character split between two encoded-words of a header, the one Q and the next B (OTRS's sample
 *   PostMaster-Test22: Cyrillic in alternating words). libmime joins the bytes of adjacent words of one
 *   charset before decoding them only when the words share their encoding, so each B word is written as Q;
 * - 8-bit bytes that are not UTF-8: raw in a header, or in a text part that declares UTF-8, US-ASCII, no
 *   charset or one nobody knows. Each such line is read in the charset its mailer most likely meant: an HTML
 *   part's own `<meta charset>`, else Windows-1252 (the superset of Latin-1 that Windows mailers write).
 */
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Joiner, type MimeNode, Rewriter, Splitter } from '@zone-eu/mailsplit';
import iconv from 'iconv-lite';

const FALLBACK_CHARSET = 'windows-1252';

/** An encoded-word in B (base64): its charset and its text. Words cannot hold `?` or blanks: linear. */
const B_ENCODED_WORD = /=\?([^?\s]+)\?[Bb]\?([^?\s]*)\?=/g;

/** The same bytes as a Q encoded-word, each as `=XX`. */
function asQWord(_word: string, charset: string, base64: string): string {
  const hex = Buffer.from(base64, 'base64').toString('hex');
  return `=?${charset}?Q?${hex.replace(/../g, '=$&')}?=`;
}

/**
 * Bytes as text: UTF-8, but each line that is not valid UTF-8 in `fallback`. Only lines holding a byte over
 * 0x7F are checked (any other is ASCII); neighbouring lines of one kind are decoded together.
 */
export function decodeLines(bytes: Buffer, fallback: string): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const decode = (start: number, end: number, inFallback: boolean) =>
    inFallback ? iconv.decode(bytes.subarray(start, end), fallback) : bytes.toString('utf8', start, end);
  let text = '';
  let runStart = 0;
  let runInFallback = false;
  let lineStart = 0;
  let eightBit = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte > 0x7f) eightBit = true;
    if (byte !== 0x0a && i < bytes.length - 1) continue;
    const lineEnd = i + 1;
    const inFallback = eightBit && !isUtf8(bytes.subarray(lineStart, lineEnd));
    if (inFallback !== runInFallback) {
      text += decode(runStart, lineStart, runInFallback);
      runStart = lineStart;
      runInFallback = inFallback;
    }
    lineStart = lineEnd;
    eightBit = false;
  }
  return text + decode(runStart, bytes.length, runInFallback);
}

/** Where the mail's own header block ends: after its blank line, or the whole mail when it has none. */
function headerBlockEnd(raw: Buffer): number {
  const ends = [
    { at: raw.indexOf('\n\n'), length: 2 },
    { at: raw.indexOf('\n\r\n'), length: 3 },
  ].filter((end) => end.at !== -1);
  if (ends.length === 0) return raw.length;
  const first = ends.reduce((a, b) => (a.at <= b.at ? a : b));
  return first.at + first.length;
}

/** The mail with its own headers in UTF-8 and its B encoded-words as Q (see above); the body untouched. */
export function withReadableHeaders(raw: Buffer): Buffer {
  const end = headerBlockEnd(raw);
  const head = raw.subarray(0, end);
  const repaired = Buffer.from(decodeLines(head, FALLBACK_CHARSET).replace(B_ENCODED_WORD, asQWord), 'utf8');
  return repaired.equals(head) ? raw : Buffer.concat([repaired, raw.subarray(end)]);
}

/** Whether mailparser would read the part's bytes as UTF-8: declared so, as US-ASCII, not at all, or unknown. */
function readAsUtf8(charset: string | false): boolean {
  return !charset || /^\s*(?:utf-?8|(?:us-?)?ascii)\s*$/i.test(charset) || !iconv.encodingExists(charset);
}

/** A part mailparser takes as the mail's text (inline text/plain or text/html) and reads as UTF-8. */
function isTextReadAsUtf8(node: MimeNode): boolean {
  const text = node.contentType === 'text/plain' || node.contentType === 'text/html';
  const inline = !node.disposition || node.disposition === 'inline';
  return text && inline && readAsUtf8(node.charset);
}

/** The charset an HTML part declares for itself in the first 1024 bytes (as browsers look), if known. */
function htmlMetaCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const declared = /<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]{1,40})/i.exec(head)?.[1];
  return declared && !readAsUtf8(declared) ? declared : undefined;
}

/**
 * The mail with each text part that is read as UTF-8 but is not valid UTF-8 rewritten in UTF-8, line by line
 * (see above). Only for a mail whose text came out with U+FFFD: it rebuilds the whole mail.
 */
export async function withReadableText(raw: Buffer): Promise<Buffer> {
  const rewriter = new Rewriter(isTextReadAsUtf8);
  rewriter.on('node', ({ node, decoder, encoder }) => {
    const chunks: Buffer[] = [];
    decoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    decoder.on('end', () => {
      const bytes = Buffer.concat(chunks);
      // Sound already (or 7-bit, ISO-2022-JP say): kept as it is, in the charset it declares.
      if (isUtf8(bytes)) {
        encoder.end(bytes);
        return;
      }
      const fallback = (node.contentType === 'text/html' && htmlMetaCharset(bytes)) || FALLBACK_CHARSET;
      node.setCharset('utf-8');
      encoder.end(Buffer.from(decodeLines(bytes, fallback), 'utf8'));
    });
  });
  const rebuilt: Buffer[] = [];
  await pipeline(
    Readable.from([raw]),
    new Splitter(),
    rewriter,
    new Joiner(),
    async (mail: AsyncIterable<Buffer>) => {
      for await (const chunk of mail) rebuilt.push(chunk);
    },
  );
  return Buffer.concat(rebuilt);
}
