import type { App } from '@slack/bolt';
import type { BotDeps } from '../../deps.js';
import { appHomeOpened } from './app-home-opened.js';
import { appMention } from './app-mention.js';
import { messageEvent } from './message-event.js';
import { reactionAdded } from './reaction-added.js';

export function registerEvents(app: App, deps: BotDeps): void {
  app.event('message', messageEvent(deps));
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('reaction_added', reactionAdded(deps));
  app.event('app_mention', appMention(deps));
}
