import { type Locale, translator } from '../../i18n/index.js';
import { escapeHtml } from '../email/customer-email.js';
import { stars } from '../messages/customer-notice.js';

export type RatePageInput = {
  locale: Locale;
} & (
  | {
      /** Asks to confirm the rating the link carries, with room for a comment (a link opened by a mail
       * scanner never rates: only the button does). */
      kind: 'confirm';
      number: string;
      title: string;
      rating: number;
      /** Where the form posts, and the link's own fields, sent back with it. */
      form: { action: string; fields: { name: string; value: string }[] };
    }
  | { kind: 'thanks'; number: string; rating: number }
  /** Something the customer should know instead: already rated, not closed, an invalid link. */
  | { kind: 'message'; message: string }
);

const STYLE =
  'body{margin:0;padding:32px 16px;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;' +
  'color:#1d1c1d;background:#f8f8f8}main{max-width:560px;margin:0 auto;background:#fff;padding:24px;' +
  'border-radius:8px}h1{font-size:20px;margin-top:0}.stars{color:#e8912d;font-size:28px}' +
  'textarea{width:100%;box-sizing:border-box;min-height:96px;font:inherit}' +
  'button{margin-top:12px;padding:8px 16px;font:inherit;background:#1d4e89;color:#fff;border:0;border-radius:4px}';

/** The small page a rating link of the closing mail opens: confirm, thanks, or why not. */
export function buildRatePage(input: RatePageInput): string {
  const t = translator(input.locale);
  const body: string[] = [];
  if (input.kind === 'confirm') {
    const { form } = input;
    body.push(
      `<p>${escapeHtml(t('web.rate.confirm', { number: input.number, title: input.title }))}</p>`,
      `<p class="stars">${stars(input.rating)} ${input.rating}/5</p>`,
      // POST: the comment stays out of URLs, and so out of proxies' and servers' access logs.
      `<form method="post" action="${escapeHtml(form.action)}">`,
      ...form.fields.map(
        ({ name, value }) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
      ),
      `<label for="comment">${escapeHtml(t('field.ratingComment'))}</label>`,
      '<textarea id="comment" name="comment" maxlength="2000"></textarea>',
      `<button type="submit">${escapeHtml(t('web.rate.submit'))}</button>`,
      '</form>',
    );
  } else if (input.kind === 'thanks') {
    body.push(
      `<p>${escapeHtml(t('rating.thanks', { number: input.number, stars: stars(input.rating), rating: input.rating }))}</p>`,
    );
  } else {
    body.push(`<p>${escapeHtml(input.message)}</p>`);
  }
  return [
    '<!doctype html>',
    `<html lang="${input.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(t('web.rate.title'))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body><main>',
    `<h1>${escapeHtml(t('web.rate.title'))}</h1>`,
    ...body,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
