import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { HelpDeskError, ValidationError } from '../core/errors.js';
import { buildRefusal } from '../views/messages/refusal.js';
import type { BotDeps } from './deps.js';

export type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Runs a form's operation before answering Slack, so a refusal comes back inside the form, on the field it
 * concerns (`response_action: errors`), and the form stays open. `fieldFor` maps the core's field names to the
 * form's input ids; other refusals are shown on `mainField`.
 */
export function submission(
  deps: BotDeps,
  mainField: string,
  run: (args: SubmissionArgs) => Promise<void> | void,
  fieldFor: Record<string, string> = {},
) {
  return async (args: SubmissionArgs) => {
    try {
      await run(args);
    } catch (error) {
      const locale = await deps.users.locale(args.body.user.id);
      if (!(error instanceof HelpDeskError)) args.logger.error(error);
      const refusal =
        error instanceof HelpDeskError
          ? buildRefusal({ locale, code: error.code, message: error.message, params: error.params })
          : buildRefusal({ locale, code: 'internal_error', message: 'Something went wrong.', params: {} });
      const field = error instanceof ValidationError ? (fieldFor[error.field] ?? mainField) : mainField;
      await args.ack({ response_action: 'errors', errors: { [field]: refusal.plain } });
      return;
    }
    await args.ack();
    deps.deliverNow();
  };
}
