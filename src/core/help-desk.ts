import { createDb } from '../db/client.js';
import { openPgDb, withoutPassword } from '../db/pg/client.js';
import { attachmentUpload, keptFiles, recordAttachmentUpload } from './attachments.js';
import { availability, setAway, setBack } from './away.js';
import type { Clock } from './clock.js';
import type { CoreContext } from './context.js';
import { completeDeliveries, failDelivery, leaseDeliveries, releaseDeliveries } from './deliveries.js';
import { newTicketFields, setTicketFields, ticketFields } from './fields/edit.js';
import { forgetOldInteractions, isInteractionHandled, markInteractionHandled } from './interactions.js';
import { forgetOldMailIntake } from './mail-in/mail-intake.js';
import { mailAddresses, refuseMail, takeMail } from './mail-in/take-mail.js';
import { takePeriodicTurn } from './periodic-turns.js';
import { presenceWatchList, recordSlackPresence } from './presence.js';
import { authorizeStaff } from './queries/authorize.js';
import { customerNoticePost } from './queries/customer-notice-post.js';
import { deliveryTicket } from './queries/delivery-ticket.js';
import { checkDatabase } from './queries/health.js';
import { agentById, agentBySlackId, ticketNumberById } from './queries/lookups.js';
import { queueLoads } from './queries/queue-loads.js';
import { operatorQueues, queueFamily, queuesForNewTicket } from './queries/queues.js';
import { searchTickets, ticketSearch } from './queries/search.js';
import { maySeeStatistics, statistics } from './queries/statistics.js';
import { getTicket } from './queries/ticket-details.js';
import { exportTickets } from './queries/ticket-export.js';
import {
  customerTickets,
  oldestUnclaimed,
  ownedTickets,
  queueView,
  queueWorkloads,
} from './queries/ticket-lists.js';
import { syncQueuesConfig } from './queue-sync.js';
import {
  deletePersonalResponse,
  operatorResponses,
  responseChoices,
  responseForTicket,
} from './responses/responses.js';
import { sendReply } from './responses/send-reply.js';
import { scheduleUnscheduledTickets } from './scheduler/backfill.js';
import { runDueJobs } from './scheduler/runner.js';
import { indexSearchText } from './search-index.js';
import {
  recordDeliveredThread,
  recordSlackPost,
  slackPostByMessage,
  slackPostsOfTicket,
} from './slack-posts.js';
import { addArticle } from './tickets/add-article.js';
import { escalateTicket, sendBackTicket } from './tickets/escalation.js';
import { followUp } from './tickets/follow-up.js';
import { mergeTickets } from './tickets/merge.js';
import { recordMessageDeletion, recordMessageEdit } from './tickets/message-edits.js';
import { openTicketFromMessage } from './tickets/message-intake.js';
import { openTicket } from './tickets/open-ticket.js';
import { assignOwner, claimTicket, releaseTicket, setResponsible } from './tickets/ownership.js';
import { acceptSender } from './tickets/participants.js';
import { commentOnRating, rateTicket, shouldAskSatisfaction } from './tickets/satisfaction.js';
import { closeTicket, reopenTicket, setPending, setPriority } from './tickets/state-changes.js';
import { recentlyClosedRequests, reportStillAProblem } from './tickets/still-a-problem.js';
import { setTicketTags, tagChoices } from './tickets/tags.js';
import { addWatcher, removeWatcher } from './tickets/watchers.js';

type Bound<F> = F extends (ctx: CoreContext, ...args: infer A) => infer R
  ? (...args: A) => Promise<Awaited<R>>
  : never;

const operations = {
  checkDatabase,
  syncQueuesConfig,
  leaseDeliveries,
  releaseDeliveries,
  completeDeliveries,
  failDelivery,
  forgetOldInteractions,
  markInteractionHandled,
  isInteractionHandled,
  forgetOldMailIntake,
  takeMail,
  refuseMail,
  mailAddresses,
  acceptSender,
  openTicket,
  openTicketFromMessage,
  newTicketFields,
  ticketFields,
  setTicketFields,
  claimTicket,
  releaseTicket,
  assignOwner,
  setResponsible,
  escalateTicket,
  sendBackTicket,
  addArticle,
  sendReply,
  responseChoices,
  responseForTicket,
  operatorResponses,
  deletePersonalResponse,
  followUp,
  closeTicket,
  reopenTicket,
  setPending,
  setPriority,
  mergeTickets,
  addWatcher,
  setTicketTags,
  tagChoices,
  removeWatcher,
  getTicket,
  deliveryTicket,
  queueView,
  customerTickets,
  ownedTickets,
  queueWorkloads,
  queueLoads,
  oldestUnclaimed,
  searchTickets,
  ticketSearch,
  indexSearchText,
  statistics,
  maySeeStatistics,
  runDueJobs,
  scheduleUnscheduledTickets,
  queueFamily,
  queuesForNewTicket,
  operatorQueues,
  ticketNumberById,
  agentById,
  agentBySlackId,
  authorizeStaff,
  recordMessageEdit,
  recentlyClosedRequests,
  reportStillAProblem,
  recordMessageDeletion,
  rateTicket,
  commentOnRating,
  customerNoticePost,
  shouldAskSatisfaction,
  exportTickets,
  setAway,
  setBack,
  availability,
  presenceWatchList,
  recordSlackPresence,
  takePeriodicTurn,
  recordSlackPost,
  recordDeliveredThread,
  slackPostsOfTicket,
  slackPostByMessage,
  keptFiles,
  attachmentUpload,
  recordAttachmentUpload,
};

export type HelpDesk = { [K in keyof typeof operations]: Bound<(typeof operations)[K]> } & {
  /** The desk's time (the injected clock): what "now" is for views and deliveries. */
  now(): Date;
  /** The ticket number system id (OTRS SystemID): which `Ticket#…` numbers are this desk's. */
  readonly systemId: string;
  /**
   * Runs `work`, which calls operations of this desk, as one transaction: they all happen or none does
   * (a form's change with the record that the form was handled).
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
};

/**
 * The core's operations bound to one context: what the Slack and mail layers call. Each one resolves once
 * it is done, having had the database to itself meanwhile.
 */
export function createHelpDesk(ctx: CoreContext): HelpDesk {
  const bound = Object.fromEntries(
    Object.entries(operations).map(([name, op]) => [
      name,
      (...args: unknown[]) =>
        ctx.connection.withConnection(async () => (op as (...a: unknown[]) => unknown)(ctx, ...args)),
    ]),
  );
  return {
    ...bound,
    now: () => ctx.clock.now(),
    systemId: ctx.systemId,
    transaction: (work) => ctx.connection.transaction(work),
  } as HelpDesk;
}

/** Where the desk keeps its data: a SQLite file (the default), or a PostgreSQL database shared by replicas. */
export type DeskDatabase = { path: string } | { url: string; poolSize: number };

export interface DeskSettings {
  database: DeskDatabase;
  clock: Clock;
  /** Ticket number system id (OTRS SystemID). */
  systemId: string;
  /** The desk's time zone: ticket numbers are numbered by its calendar day. */
  timeZone: string;
}

export interface OpenedDesk {
  desk: HelpDesk;
  /** Which database, for the log: the SQLite file, or PostgreSQL's URL without its password. */
  description: string;
  /** Closes the database, once nothing uses the desk any more. */
  close(): Promise<void>;
}

/** Opens the desk's database (migrating it) and the desk on it: what the app starts from. */
export async function openHelpDesk(settings: DeskSettings): Promise<OpenedDesk> {
  const { database, clock, systemId, timeZone } = settings;
  if ('url' in database) {
    const pg = await openPgDb(database.url, database.poolSize);
    const ctx: CoreContext = {
      get db() {
        return pg.current();
      },
      connection: pg.connection,
      clock,
      systemId,
      timeZone,
    };
    return {
      desk: createHelpDesk(ctx),
      description: `PostgreSQL ${withoutPassword(database.url)}`,
      close: () => pg.close(),
    };
  }
  const sqlite = createDb(database.path);
  const desk = createHelpDesk({ db: sqlite.db, connection: sqlite.connection, clock, systemId, timeZone });
  return { desk, description: `SQLite ${database.path}`, close: async () => sqlite.close() };
}
