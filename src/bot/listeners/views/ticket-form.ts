import { ValidationError } from '../../../core/errors.js';
import { type Actor, type AttachmentInput, slackUserIdOf, type TicketNumber } from '../../../core/model.js';
import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { parseTicketModalMetadata, type TicketModalMetadata } from '../../metadata.js';
import { fetchSlackFiles } from '../../slack-files.js';
import { type FieldInputsOf, once, type SubmissionArgs, submission } from '../../submission.js';
import { formFiles } from '../../view-values.js';

export interface TicketForm {
  /** The ticket the form was opened on, from its (re-validated) metadata. */
  ticketNumber: TicketNumber;
  metadata: TicketModalMetadata;
  /** The files of the form's file input, if it has one, fetched from Slack before the change is made. */
  files: AttachmentInput[];
  actor: Actor;
  args: SubmissionArgs;
}

/** A form opened from a ticket's card: reads which ticket, checks the submitter is staff, runs the operation. */
export function ticketFormSubmission(
  deps: BotDeps,
  mainField: string | ((args: SubmissionArgs) => string),
  run: (form: TicketForm) => Promise<void>,
  fieldFor: FieldInputsOf = {},
) {
  return submission(
    deps,
    mainField,
    async (args) => {
      const metadata = parseTicketModalMetadata(args.view.private_metadata);
      if (!metadata)
        throw new ValidationError('form', 'form_expired', 'This form is no longer valid: open it again.');
      const actor: Actor = { kind: 'slack', userId: slackUserIdOf(args.body.user.id) };
      // Fetched outside the form's transaction: the database is not held while Slack sends the bytes.
      const files = await fetchSlackFiles(deps.files, formFiles(args.view, INPUTS.files));
      await once(deps, args, async () => {
        // The card's forms are the staff's; the operation itself then checks its own right.
        await deps.desk.authorizeStaff(actor, metadata.ticketNumber, 'read');
        await run({ ticketNumber: metadata.ticketNumber, metadata, actor, args, files });
      });
    },
    fieldFor,
  );
}
