/**
 * What the pipeline reads from a raw mail, as plain data: parsed by mailparser and turned into text here,
 * inside the parse worker (see mail-reader.ts), so nothing a sender wrote is worked on in the main thread
 * beyond these values.
 */
import { type AddressObject, type EmailAddress, type ParsedMail, simpleParser } from 'mailparser';
import { withReadableHeaders, withReadableText } from './mail-charsets.js';
import { cleanBody, messageIds, oneLine, stripTags, unfoldHeader } from './mail-text.js';

/** HTML bodies beyond this are not run through the HTML-to-text converter (a crude tag strip instead). */
const MAX_HTML_TO_CONVERT = 5_000_000;
/**
 * In-Reply-To and References ids kept (the latest): enough to find a ticket, and a bound on the SQL that
 * looks them up (40,000 ids once made every retry fail with "too many SQL variables").
 */
export const MAX_REPLY_IDS = 50;

export interface MailAttachment {
  /** As the mail names it, on one line; '' when unnamed. */
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface MailHeader {
  /** Lower case. */
  name: string;
  /** Unfolded, without the name. */
  value: string;
}

export interface MailContent {
  /** The first `<…>` id of the Message-ID header. */
  messageId?: string;
  /** The latest MAX_REPLY_IDS ids of each header, unique, in header order. */
  inReplyTo: string[];
  references: string[];
  /** The first From entry with an address (groups opened). */
  from?: { address: string; name: string };
  /** On one line. */
  subject: string;
  /** The To and Cc addresses, trimmed, lower case. */
  to: string[];
  cc: string[];
  /** The To header as text ("Name <address>, …"), on one line. */
  toText?: string;
  /** The readable text: the plain part, or the HTML converted, or stripped of tags; see cleanBody. */
  body: string;
  attachments: MailAttachment[];
  /** The top-level MIME type, lower case. */
  contentType: string;
  /** Every header line, in order. */
  headers: MailHeader[];
}

/** Address entries with the members of groups (`team: a@x, b@y;`) in place of the groups. */
function flatten(entries: EmailAddress[]): EmailAddress[] {
  return entries.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
}

function addressObjects(value: AddressObject | AddressObject[] | undefined): AddressObject[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  return addressObjects(value)
    .flatMap((object) => flatten(object.value))
    .flatMap((entry) => (entry.address ? [entry.address.trim().toLowerCase()] : []));
}

function headerText(value: AddressObject | AddressObject[] | undefined): string | undefined {
  const text = addressObjects(value)
    .map((v) => v.text)
    .join(', ');
  return text === '' ? undefined : oneLine(text);
}

/** The readable text of a mail: its plain part, or its HTML converted (mailparser), or stripped of tags. */
function bodyOf(parsed: ParsedMail): string {
  if (parsed.text && parsed.text.trim() !== '' && !parsed.textConversionError) return cleanBody(parsed.text);
  if (typeof parsed.html === 'string' && parsed.html.trim() !== '') return cleanBody(stripTags(parsed.html));
  return cleanBody(parsed.text ?? '');
}

function contentTypeOf(parsed: ParsedMail): string {
  const value = parsed.headers.get('content-type');
  return value && typeof value === 'object' && 'value' in value
    ? String(value.value).toLowerCase()
    : 'text/plain';
}

function parse(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw, {
    keepCidLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    maxHtmlLengthToParse: MAX_HTML_TO_CONVERT,
  });
}

/** Whether mailparser put U+FFFD into the text: some part was read as UTF-8 and is not. */
const hasReplacementCharacters = (parsed: ParsedMail) =>
  [parsed.text, parsed.html].some((text) => typeof text === 'string' && text.includes('\uFFFD'));

/** Reads a raw mail; rejects when mailparser cannot. */
export async function readMailContent(raw: Buffer): Promise<MailContent> {
  const readable = withReadableHeaders(raw);
  let parsed = await parse(readable);
  if (hasReplacementCharacters(parsed)) parsed = await parse(await withReadableText(readable));
  const from = flatten(parsed.from?.value ?? []).find((entry) => entry.address);
  return {
    messageId: messageIds(parsed.messageId)[0],
    inReplyTo: messageIds(parsed.inReplyTo).slice(-MAX_REPLY_IDS),
    references: messageIds(parsed.references).slice(-MAX_REPLY_IDS),
    from: from?.address ? { address: from.address, name: from.name } : undefined,
    subject: oneLine(parsed.subject ?? ''),
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    toText: headerText(parsed.to),
    body: bodyOf(parsed),
    attachments: parsed.attachments.map((attachment) => ({
      filename: oneLine(attachment.filename ?? '', 255),
      contentType: oneLine(attachment.contentType || 'application/octet-stream', 255),
      content: attachment.content,
    })),
    contentType: contentTypeOf(parsed),
    headers: parsed.headerLines.map((h) => ({ name: h.key, value: unfoldHeader(h.line) })),
  };
}
