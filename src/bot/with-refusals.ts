import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { HelpDeskError, refusalOf } from '../core/errors.js';
import { buildRefusal } from '../views/messages/refusal.js';
import type { BotDeps } from './deps.js';
import { type Audience, tell } from './feedback.js';

/** What every wrapped listener has: a client to answer with and a logger. */
interface ListenerArgs {
  client: WebClient;
  logger: Logger;
}

/**
 * Tells the person why their action did not happen. A refusal of the core is shown in their language; any
 * other failure is logged in full and shown as a generic apology, never as internals.
 */
async function explainFailure(deps: BotDeps, { client, logger }: ListenerArgs, to: Audience, error: unknown) {
  if (!(error instanceof HelpDeskError)) logger.error(error);
  const refusal = buildRefusal({ locale: await deps.users.locale(to.userId), refusal: refusalOf(error) });
  try {
    await tell(client, to, refusal);
  } catch (tellError) {
    // Nobody left to tell: the log is the last place this failure can go.
    logger.error(tellError);
  }
}

/**
 * A listener whose failures are told privately to the person who acted (`audience`): the handler holds only
 * what the listener means to do. Forms answer inline instead (`submission.ts`).
 */
export function withRefusals<A extends ListenerArgs>(
  deps: BotDeps,
  audience: (args: A) => Audience,
  handler: (args: A, to: Audience) => Promise<void>,
): (args: A) => Promise<void> {
  return async (args) => {
    const to = audience(args);
    try {
      await handler(args, to);
    } catch (error) {
      await explainFailure(deps, args, to, error);
    }
  };
}
