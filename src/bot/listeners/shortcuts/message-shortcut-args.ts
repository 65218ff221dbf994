import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { slackUserIdOf } from '../../../core/model.js';
import type { Audience } from '../../feedback.js';

export type MessageShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** Who used a message shortcut, answered privately in the channel of the message. */
export function messageShortcutAudience({ shortcut }: MessageShortcutArgs): Audience {
  return { userId: slackUserIdOf(shortcut.user.id), channelId: shortcut.channel.id };
}
