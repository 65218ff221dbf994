import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import {
  FieldValuesError,
  HelpDeskError,
  type InputField,
  refusalOf,
  ValidationError,
} from '../core/errors.js';
import { slackUserIdOf } from '../core/model.js';
import type { Locale } from '../i18n/index.js';
import { fieldInputId } from '../views/ids.js';
import { buildRefusal, fieldProblemText } from '../views/messages/refusal.js';
import type { BotDeps } from './deps.js';

export type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The form's input id for each field the core may name in a ValidationError. */
export type FieldInputs = Partial<Record<InputField, string>>;
/** The inputs, fixed or read from the submitted form (whose block ids may change as it is updated). */
export type FieldInputsOf = FieldInputs | ((args: SubmissionArgs) => FieldInputs);

/** This form was submitted and saved before (Slack showed an error meanwhile, or the app restarted). */
class AlreadySubmitted extends Error {}

const formKey = (args: SubmissionArgs) => `view:${args.view.id}`;

/**
 * Makes the form's change in one transaction with the record that this form (Slack's view id) was handled:
 * the same form submitted again changes nothing and is simply closed.
 */
export function once<T>(deps: BotDeps, args: SubmissionArgs, change: () => Promise<T>): Promise<T> {
  return deps.desk.transaction(async () => {
    if (!(await deps.desk.markInteractionHandled(formKey(args)))) {
      throw new AlreadySubmitted();
    }
    return change();
  });
}

/**
 * Runs a form's operation before answering Slack, so a refusal comes back inside the form, on the field it
 * concerns (`response_action: errors`), and the form stays open. `fieldFor` maps the core's field names to the
 * form's input ids; other refusals are shown on the input given for `form`, else on `mainField`.
 */
export function submission(
  deps: BotDeps,
  mainField: string | ((args: SubmissionArgs) => string),
  run: (args: SubmissionArgs) => Promise<void> | void,
  fieldFor: FieldInputsOf = {},
) {
  return async (args: SubmissionArgs) => {
    if (await deps.desk.isInteractionHandled(formKey(args))) {
      await args.ack();
      return;
    }
    try {
      await run(args);
    } catch (error) {
      if (error instanceof AlreadySubmitted) {
        await args.ack();
        return;
      }
      const locale = await deps.users.locale(slackUserIdOf(args.body.user.id));
      if (!(error instanceof HelpDeskError)) args.logger.error(error);
      const main = typeof mainField === 'string' ? mainField : mainField(args);
      if (error instanceof FieldValuesError) {
        await args.ack({ response_action: 'errors', errors: fieldErrors(args, locale, error, main) });
        return;
      }
      const refusal = buildRefusal({ locale, refusal: refusalOf(error) });
      const inputs = typeof fieldFor === 'function' ? fieldFor(args) : fieldFor;
      const named = error instanceof ValidationError ? inputs[error.field] : undefined;
      const field = named ?? inputs.form ?? main;
      await args.ack({ response_action: 'errors', errors: { [field]: refusal.plain } });
      return;
    }
    await args.ack();
    deps.deliverNow();
  };
}

/** Each refused field's sentence under its input; one the form does not have (it changed) under `main`. */
function fieldErrors(
  args: SubmissionArgs,
  locale: Locale,
  error: FieldValuesError,
  main: string,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of error.problems) {
    const id = fieldInputId(problem.key);
    const block = id in args.view.state.values ? id : main;
    const text = fieldProblemText(locale, problem);
    errors[block] = errors[block] ? `${errors[block]} ${text}` : text;
  }
  return errors;
}
