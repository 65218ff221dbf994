import type { App } from '@slack/bolt';
import { COMMAND } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { ticketCommand } from './ticket-command.js';

export function registerCommands(app: App, deps: BotDeps): void {
  app.command(COMMAND, ticketCommand(deps));
}
