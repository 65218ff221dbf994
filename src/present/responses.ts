import { fillVariables, type ResponseContext, type ResponseRow } from '../core/model.js';
import { type Locale, localeOf, translator } from '../i18n/index.js';
import { formatDateTime } from '../views/time.js';

/**
 * A canned response's text for one ticket: in the customer's language (else the one it has), its variables
 * filled, `{due}` written the customer's way on the desk's clock.
 */
export function responseText(
  response: Pick<ResponseRow, 'bodyIt' | 'bodyEn'>,
  context: ResponseContext,
  view: { locale: Locale; timeZone: string },
): { text: string; language: Locale } {
  const language = localeOf(context.customerLanguage, view.locale);
  const body =
    language === 'en' ? (response.bodyEn ?? response.bodyIt) : (response.bodyIt ?? response.bodyEn);
  const due = context.due
    ? formatDateTime(context.due, view.timeZone, language)
    : translator(language)('responses.dueUnknown');
  return { text: fillVariables(body ?? '', { ...context.values, due }), language };
}
