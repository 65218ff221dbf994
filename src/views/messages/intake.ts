import type { Locale } from '../../i18n/index.js';
import { actions, button, section } from '../blocks.js';
import { ACTIONS, intakeMessageValue, intakeQueueActionId, intakeQueueValue } from '../ids.js';
import { texts } from '../locale.js';
import type { QueueRef } from '../model.js';
import type { SlackMessage } from '../slack.js';
import { escapeMrkdwn, personLabel } from '../text.js';

/** A request message, by where it is in Slack. */
export interface RequestMessageRef {
  channelId: string;
  ts: string;
}

/** "Which service?" under a request sent by DM or a mention, when more than one queue takes it. */
export function buildQueueChoice(input: {
  locale: Locale;
  queues: QueueRef[];
  message: RequestMessageRef;
}): SlackMessage {
  const tx = texts(input.locale);
  const { channelId, ts } = input.message;
  const question = tx.t('intake.whichQueue');
  return {
    text: question,
    blocks: [
      section(escapeMrkdwn(question)),
      actions(
        input.queues.map((queue, index) =>
          button({
            text: queue.name,
            actionId: intakeQueueActionId(index),
            value: intakeQueueValue(queue.key, channelId, ts),
          }),
        ),
      ),
    ],
  };
}

/** To whoever added the ticket emoji in a channel of no queue: a button opening the form, prefilled. */
export function buildIntakeOffer(input: {
  locale: Locale;
  authorSlackUserId: string;
  message: RequestMessageRef;
}): SlackMessage {
  const tx = texts(input.locale);
  const offer = tx.md('intake.offer', {
    author: { markup: personLabel({ slackUserId: input.authorSlackUserId, name: '' }) },
  });
  return {
    text: offer,
    blocks: [
      section(
        offer,
        button({
          text: tx.t('button.openTicketFromMessage'),
          actionId: ACTIONS.intakeForm,
          value: intakeMessageValue(input.message.channelId, input.message.ts),
          style: 'primary',
        }),
      ),
    ],
  };
}
