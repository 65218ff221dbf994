import type { App } from '@slack/bolt';
import { ACTIONS, INPUTS, INTAKE_QUEUE_ACTION, RATE_ACTION } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { acceptSenderAction } from './accept-sender-action.js';
import { claimAction } from './claim-action.js';
import { customerSolvedAction } from './customer-solved-action.js';
import { deleteResponseAction } from './delete-response-action.js';
import { homeAvailabilityAction } from './home-availability-action.js';
import { homeNewTicketAction } from './home-new-ticket-action.js';
import { intakeFormAction } from './intake-form-action.js';
import { intakeQueueAction } from './intake-queue-action.js';
import { moreAction } from './more-action.js';
import { newTicketQueueAction } from './new-ticket-queue-action.js';
import { openFormAction } from './open-form-action.js';
import { rateAction } from './rate-action.js';
import { rateCommentAction } from './rate-comment-action.js';
import { releaseAction } from './release-action.js';
import { replyResponseAction } from './reply-response-action.js';
import { stillAProblemAction } from './still-a-problem-action.js';

export function registerActions(app: App, deps: BotDeps): void {
  app.action(ACTIONS.claim, claimAction(deps));
  app.action(ACTIONS.release, releaseAction(deps));
  app.action(ACTIONS.reply, openFormAction(deps, 'reply'));
  app.action(ACTIONS.note, openFormAction(deps, 'note'));
  app.action(ACTIONS.escalate, openFormAction(deps, 'escalate'));
  app.action(ACTIONS.close, openFormAction(deps, 'close'));
  app.action(ACTIONS.more, moreAction(deps));
  app.action(ACTIONS.homeNewTicket, homeNewTicketAction(deps));
  app.action(ACTIONS.homeAway, homeAvailabilityAction(deps, true));
  app.action(ACTIONS.homeBack, homeAvailabilityAction(deps, false));
  app.action(
    { type: 'block_actions', block_id: INPUTS.queue, action_id: INPUTS.queue },
    newTicketQueueAction(deps),
  );
  app.action(ACTIONS.customerSolved, customerSolvedAction(deps));
  app.action(RATE_ACTION, rateAction(deps));
  app.action(ACTIONS.rateComment, rateCommentAction(deps));
  app.action(ACTIONS.acceptSender, acceptSenderAction(deps));
  app.action(ACTIONS.stillAProblem, stillAProblemAction(deps));
  app.action(ACTIONS.replyResponse, replyResponseAction(deps));
  app.action(ACTIONS.deleteResponse, deleteResponseAction(deps));
  app.action(INTAKE_QUEUE_ACTION, intakeQueueAction(deps));
  app.action(ACTIONS.intakeForm, intakeFormAction(deps));
}
