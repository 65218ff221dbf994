import type { WebClient } from '@slack/web-api';
import type { HelpDesk } from '../../core/help-desk.js';
import type { Locale } from '../../i18n/index.js';
import type { WorkerLogger } from '../outbox-worker.js';

/** What the Slack deliveries need; main.ts builds it once. */
export interface SlackDeliveryDeps {
  desk: HelpDesk;
  client: WebClient;
  logger: WorkerLogger;
  /** Slack people's profiles: the picture of whoever a relayed message is from. */
  people: { get(userId: string): Promise<{ avatarUrl: string | null }> };
  /** Language of queue channels (and of people whose language is unknown) and the desk's time zone. */
  view: { locale: Locale; timeZone: string };
}
