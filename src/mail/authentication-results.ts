/**
 * Whether a mail's sender is who its From says, as the organisation's own mail server found when it took the
 * mail in (RFC 8601 `Authentication-Results`). Only the results stamped with a trusted authserv-id count:
 * anyone can write such a header into a mail, and a well-configured border server removes copies of its own
 * id that arrive from outside. The topmost trusted header is the one our server added last.
 *
 * A sender passes when DMARC passed for the From domain, or DKIM or SPF passed for a domain aligned with it
 * (the same domain, or one a subdomain of the other: relaxed alignment).
 */
import type { MailAuthVerdict } from '../core/model.js';

interface Result {
  method: string;
  result: string;
  properties: Map<string, string>;
}

/** The text without RFC 5322 comments (`(…)`, nested, with `\` escapes), in one pass. */
function withoutComments(text: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && depth > 0) {
      i++;
      continue;
    }
    if (char === '(') depth++;
    else if (char === ')' && depth > 0) depth--;
    else if (depth === 0) out += char;
  }
  return out;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** `authserv-id [version]; method=result ptype.property=value …; …` split into its results. */
function parse(header: string): { authservId: string; results: Result[] } {
  const [first = '', ...rest] = withoutComments(header).split(';');
  const authservId = (first.trim().split(/\s+/)[0] ?? '').toLowerCase();
  const results: Result[] = [];
  for (const part of rest) {
    const [head, ...props] = part.trim().split(/\s+/);
    const equals = head?.indexOf('=') ?? -1;
    if (!head || equals < 1) continue;
    const properties = new Map<string, string>();
    for (const prop of props) {
      const at = prop.indexOf('=');
      if (at > 0) properties.set(prop.slice(0, at).toLowerCase(), unquote(prop.slice(at + 1)).toLowerCase());
    }
    results.push({
      method: head.slice(0, equals).toLowerCase(),
      result: head.slice(equals + 1).toLowerCase(),
      properties,
    });
  }
  return { authservId, results };
}

/** The domain of an address or of a bare domain, lower case. */
function domainOf(value: string): string {
  return value
    .slice(value.lastIndexOf('@') + 1)
    .replace(/>$/, '')
    .trim()
    .toLowerCase();
}

function aligned(a: string, b: string): boolean {
  return a !== '' && b !== '' && (a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`));
}

function passesAligned(result: Result, fromDomain: string): boolean {
  if (result.result !== 'pass') return false;
  const domain = (...names: string[]) =>
    names.map((name) => result.properties.get(name)).find((value) => value !== undefined) ?? '';
  if (result.method === 'dmarc') return aligned(domainOf(domain('header.from')) || fromDomain, fromDomain);
  if (result.method === 'dkim') return aligned(domainOf(domain('header.d', 'header.i')), fromDomain);
  if (result.method === 'spf') return aligned(domainOf(domain('smtp.mailfrom', 'smtp.helo')), fromDomain);
  return false;
}

/**
 * The verdict on a mail from `fromAddress`, given its `Authentication-Results` header values (topmost
 * first): `pass`, `fail` (our server checked and nothing aligned passed), or `none` (our server left no
 * results).
 */
export function senderVerdict(
  headerValues: readonly string[],
  fromAddress: string,
  trustedAuthservIds: readonly string[],
): MailAuthVerdict {
  const trusted = new Set(trustedAuthservIds.map((id) => id.toLowerCase()));
  const ours = headerValues.map(parse).find((header) => trusted.has(header.authservId));
  if (!ours) return 'none';
  const fromDomain = domainOf(fromAddress);
  return ours.results.some((result) => passesAligned(result, fromDomain)) ? 'pass' : 'fail';
}
