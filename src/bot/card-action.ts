import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ValidationError } from '../core/errors.js';
import { slackUserIdOf, type TicketNumber, ticketNumberOf } from '../core/model.js';
import type { Audience } from './feedback.js';

export type BlockActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The value a pressed button or chosen menu option carries; never trusted, the core checks it. */
export function actionValue(args: BlockActionArgs): string {
  const action = args.action;
  if (action.type === 'button') return action.value ?? '';
  if (action.type === 'static_select' || action.type === 'overflow')
    return action.selected_option?.value ?? '';
  return '';
}

/** The ticket a card's button or menu names: its value, checked to be a ticket number's shape. */
export function actionTicketNumber(args: BlockActionArgs): TicketNumber {
  return ticketNumberOf(actionValue(args));
}

/** The canned response a menu or a button names: its value, checked to be a response id's shape. */
export function actionResponseId(args: BlockActionArgs): number {
  const value = actionValue(args);
  if (!/^[1-9]\d{0,9}$/.test(value))
    throw new ValidationError('response', 'unknown', 'This response is not known.');
  return Number(value);
}

/** Who pressed it and where, to answer them privately there. */
export function audienceOf(args: BlockActionArgs): Audience {
  const { body } = args;
  return {
    userId: slackUserIdOf(body.user.id),
    channelId: body.channel?.id,
    // A card with replies carries its own ts as thread_ts: only a message inside a thread is answered there.
    threadTs: body.message?.thread_ts !== body.message?.ts ? body.message?.thread_ts : undefined,
    // Buttons on messages carry a response_url; those in App Home or a form do not.
    respond: body.response_url ? args.respond : undefined,
  };
}
