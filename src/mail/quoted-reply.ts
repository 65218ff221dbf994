/**
 * Quoted history in a reply by email: the earlier messages a mail client appends (or prepends) to what the
 * customer wrote. The database keeps a mail whole; what is posted to Slack is only the new part.
 */

/** "On Mon, 30 Nov 2026 at 10:00, Mario <m@x> wrote:", "Il giorno lun 30 nov 2026 Mario ha scritto:", … */
const ATTRIBUTION =
  /^\s*(?:On|Il|Il giorno|In data|Am|Le|El|Op)\b.{0,300}(?:wrote|ha scritto|schrieb|a écrit|escribió|schreef)\s*:\s*$/i;
/** "-----Original Message-----" and its translations. */
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:Original Message|Messaggio originale|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}\s*$/i;
/** The header block Outlook puts above the previous message: "From: …" then "Sent: …" (or "Da:" / "Inviato:"). */
const OUTLOOK_FROM = /^\s*\*?(?:From|Da|De|Von)\s*:\*?\s+\S/i;
const OUTLOOK_NEXT =
  /^\s*\*?(?:Sent|Inviato|Date|Data|Gesendet|Envoyé|Enviado|To|A|An|Subject|Oggetto)\s*:\*?\s/i;
/** Outlook's rule above the header block. */
const RULE = /^\s*_{10,}\s*$/;

const isQuoteLine = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string) => line.trim() === '';

/** Whether the previous message starts at line `i` (an attribution line, or an Outlook header block). */
function startsHistory(lines: string[], i: number): number | null {
  const line = lines[i] ?? '';
  const next = lines[i + 1] ?? '';
  if (ORIGINAL_MESSAGE.test(line)) return i;
  if (ATTRIBUTION.test(line)) return i;
  // Clients wrap a long attribution line: "On Mon, 30 Nov 2026 at 10:00, Mario Rossi\n<mario@x> wrote:".
  if (!isBlank(next) && ATTRIBUTION.test(`${line} ${next}`) && /:\s*$/.test(next)) return i;
  if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => OUTLOOK_NEXT.test(l))) {
    const above = lines[i - 1];
    return above !== undefined && RULE.test(above) ? i - 1 : i;
  }
  return null;
}

/**
 * The new part of a reply: the text above a quoted earlier message ("On … wrote:", "-----Original
 * Message-----", Outlook's "From:/Sent:" block) and above a trailing block of `>` lines. Answers written
 * between quoted lines are kept whole. A text that would be left empty is returned unchanged.
 */
export function trimQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 1; i < lines.length; i++) {
    const start = startsHistory(lines, i);
    if (start !== null) {
      cut = start;
      break;
    }
  }
  // A trailing block of quoted lines (bottom quoting), with the attribution line right above it.
  let end = cut;
  while (end > 0 && (isQuoteLine(lines[end - 1] ?? '') || isBlank(lines[end - 1] ?? ''))) end--;
  if (end < cut && lines.slice(end, cut).some(isQuoteLine)) {
    cut = end;
    const above = lines[cut - 1] ?? '';
    const twoAbove = lines[cut - 2] ?? '';
    if (ATTRIBUTION.test(above)) cut -= 1;
    else if (ATTRIBUTION.test(`${twoAbove} ${above}`)) cut -= 2;
  }
  if (cut === lines.length) return text;
  const kept = lines.slice(0, cut).join('\n').trimEnd();
  return kept.trim() === '' ? text : kept;
}
