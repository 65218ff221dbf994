import { ValidationError } from '../../../core/errors.js';
import { NOTIFY_VIA, type NotifyVia, queueKeyOf, slackUserIdOf } from '../../../core/model.js';
import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { messageArticle } from '../../intake/message-article.js';
import { fetchSourceMessage } from '../../intake/source-message.js';
import { parseNewTicketMetadata } from '../../metadata.js';
import { fetchSlackFiles } from '../../slack-files.js';
import { once, type SubmissionArgs, submission } from '../../submission.js';
import { fieldValuesOf, formFiles, selectedUser, selectedValue, textValue } from '../../view-values.js';

/** The new-ticket form: opens the ticket for the submitter, or for the customer an operator named. */
export function newTicketSubmission(deps: BotDeps) {
  return submission(
    deps,
    INPUTS.subject,
    async (args: SubmissionArgs) => {
      const { view, body } = args;
      const userId = slackUserIdOf(body.user.id);
      const metadata = parseNewTicketMetadata(view.private_metadata);
      if (!metadata)
        throw new ValidationError('form', 'form_expired', 'This form is no longer valid: open it again.');
      const queueKey = selectedValue(view, INPUTS.queue);
      if (!queueKey) throw new ValidationError('queue', 'not_chosen', 'Choose a queue.');
      const notifyVia = selectedValue(view, INPUTS.notifyVia) ?? 'dm';
      if (!(NOTIFY_VIA as readonly string[]).includes(notifyVia)) {
        throw new ValidationError('notify_via', 'not_chosen', 'Choose how to be kept informed.');
      }
      // From the ticket emoji: the message's author, as Slack has the message now, is the customer.
      const source = metadata.source
        ? await fetchSourceMessage(args.client, metadata.source.channelId, metadata.source.ts)
        : undefined;
      if (metadata.source && !source)
        throw new ValidationError('form', 'form_expired', 'This form is no longer valid: open it again.');
      const customerSlackUserId =
        source?.user ?? selectedUser(view, INPUTS.customer) ?? metadata.customerSlackUserId;
      const forSomeoneElse = customerSlackUserId !== undefined && customerSlackUserId !== userId;
      const person = await deps.users.get(forSomeoneElse ? customerSlackUserId : userId);
      if (forSomeoneElse && person.isBot)
        throw new ValidationError('customer', 'bot_as_customer', 'A bot cannot be a customer.');
      const customer = {
        slackUserId: person.id,
        name: person.name,
        email: person.email ?? undefined,
        language: person.locale,
        notifyVia: notifyVia as NotifyVia,
      };
      if (notifyVia !== 'dm' && !person.email) {
        throw new ValidationError(
          'notify_via',
          'no_email_known',
          'No email address is known for this person: choose DM.',
        );
      }
      const priority = Number(selectedValue(view, INPUTS.priority) ?? 3);
      const description = textValue(view, INPUTS.description);
      const subject = textValue(view, INPUTS.subject);
      // Fetched before the form's transaction: the database is not held while Slack sends the bytes.
      const attachments = await fetchSlackFiles(deps.files, formFiles(view, INPUTS.files));
      if (source) {
        await once(deps, args, async () =>
          deps.desk.openTicketFromMessage({
            queueKey: queueKeyOf(queueKey),
            title: subject,
            priority,
            customer: { ...customer, slackUserId: person.id },
            article: {
              ...messageArticle(source.channelId, {
                ts: source.ts,
                text: description.trim() || subject,
                files: source.files,
              }),
              attachments: [...attachments, ...(await fetchSlackFiles(deps.files, source.files))],
            },
          }),
        );
        return;
      }
      await once(deps, args, () =>
        deps.desk.openTicket(
          { kind: 'slack', userId },
          {
            queueKey: queueKeyOf(queueKey),
            title: subject,
            priority,
            customer,
            article: { channel: 'slack', body: description.trim() || subject, attachments },
            fields: fieldValuesOf(view),
          },
        ),
      );
    },
    {
      title: INPUTS.subject,
      body: INPUTS.description,
      priority: INPUTS.priority,
      queue: INPUTS.queue,
      notify_via: INPUTS.notifyVia,
      customer: INPUTS.customer,
    },
  );
}
