import type { WebClient } from '@slack/web-api';
import type { HelpDesk } from '../core/help-desk.js';
import type { Locale } from '../i18n/index.js';
import type { IntakeSettings } from './intake/settings.js';
import type { FileFetching } from './slack-files.js';
import type { UserDirectory } from './user-directory.js';

/** What every listener gets: the core, and a way to have the outbox delivered right away. */
export interface BotDeps {
  desk: HelpDesk;
  /** Asks the outbox worker to deliver what the change just queued, without waiting for its next tick. */
  deliverNow: () => void;
  users: UserDirectory;
  /** How files people share are fetched and kept. */
  files: FileFetching;
  /** The desk's default language and time zone. */
  view: { locale: Locale; timeZone: string };
  /** How Slack messages become tickets: the emoji, the request channels, pleasantries and grouping. */
  intake: IntakeSettings;
}

export type { WebClient };
