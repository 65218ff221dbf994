import type { AttachmentInput } from './article-store.js';

/**
 * Programs and scripts that run when opened: a help desk passes files between strangers and its operators,
 * so these are never kept nor passed on.
 */
const BLOCKED_EXTENSIONS = new Set([
  'exe',
  'com',
  'scr',
  'pif',
  'bat',
  'cmd',
  'msi',
  'msp',
  'vbs',
  'vbe',
  'js',
  'jse',
  'wsf',
  'wsh',
  'ps1',
  'jar',
  'hta',
  'cpl',
  'lnk',
  'reg',
  'dll',
]);
const BLOCKED_TYPES = new Set([
  'application/x-msdownload',
  'application/x-dosexec',
  'application/x-msdos-program',
  'application/x-ms-installer',
  'application/java-archive',
  'application/hta',
]);

const MAX_FILENAME = 200;

/**
 * A file name safe to show and to hand to Slack or a mail: only its last path segment (`../../etc/passwd` is
 * `passwd`, `a\b.txt` is `b.txt`), without control characters or leading dots, at most 200 characters
 * (its extension kept); `file` when nothing is left.
 */
export function safeFilename(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const clean = last
    .replace(/\p{Cc}/gu, '')
    .replace(/^[\s.]+/, '')
    .trim();
  if (clean === '') return 'file';
  const chars = [...clean];
  if (chars.length <= MAX_FILENAME) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return chars.slice(0, MAX_FILENAME - [...extension].length).join('') + extension;
}

function blockedType(filename: string, contentType: string): boolean {
  const extension = filename.includes('.') ? (filename.split('.').pop() ?? '').toLowerCase() : '';
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return BLOCKED_EXTENSIONS.has(extension) || BLOCKED_TYPES.has(type);
}

/** An attachment as the desk keeps it: its name made safe, its bytes dropped when its type is refused. */
export function screenAttachment(file: AttachmentInput): AttachmentInput {
  const filename = safeFilename(file.filename);
  if (file.refusedReason === undefined && blockedType(filename, file.contentType)) {
    const { content: _content, ...rest } = file;
    return { ...rest, filename, refusedReason: 'blocked_type' };
  }
  return { ...file, filename };
}
