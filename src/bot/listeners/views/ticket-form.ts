import { ValidationError } from '../../../core/errors.js';
import type { BotDeps } from '../../deps.js';
import { parseTicketModalMetadata } from '../../metadata.js';
import { type FieldInputs, once, type SubmissionArgs, submission } from '../../submission.js';

export interface TicketForm {
  /** The ticket the form was opened on, from its (re-validated) metadata. */
  ticketNumber: string;
  actor: { kind: 'slack'; userId: string };
  args: SubmissionArgs;
}

/** A form opened from a ticket's card: reads which ticket, checks the submitter is staff, runs the operation. */
export function ticketFormSubmission(
  deps: BotDeps,
  mainField: string | ((args: SubmissionArgs) => string),
  run: (form: TicketForm) => Promise<void>,
  fieldFor: FieldInputs = {},
) {
  return submission(
    deps,
    mainField,
    async (args) => {
      const metadata = parseTicketModalMetadata(args.view.private_metadata);
      if (!metadata)
        throw new ValidationError('form', 'form_expired', 'This form is no longer valid: open it again.');
      const actor = { kind: 'slack', userId: args.body.user.id } as const;
      await once(deps, args, async () => {
        // The card's forms are the staff's; the operation itself then checks its own right.
        await deps.desk.authorizeStaff(actor, metadata.ticketNumber, 'read');
        await run({ ticketNumber: metadata.ticketNumber, actor, args });
      });
    },
    fieldFor,
  );
}
