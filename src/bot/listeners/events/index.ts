import type { App } from '@slack/bolt';
import type { BotDeps } from '../../deps.js';
import { appHomeOpened } from './app-home-opened.js';
import { messageEvent } from './message-event.js';

export function registerEvents(app: App, deps: BotDeps): void {
  app.event('message', messageEvent(deps));
  app.event('app_home_opened', appHomeOpened(deps));
}
