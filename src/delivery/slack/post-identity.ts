import type { DeliveryTicket } from '../../core/model.js';
import type { SlackDeliveryDeps } from './deps.js';

/** The name and picture a post shows instead of the app's (`chat:write.customize`). */
export interface PostIdentity {
  username: string;
  icon_url?: string;
}

/** A name, with the Slack user's picture when they have one. */
export async function identityOf(
  deps: SlackDeliveryDeps,
  username: string,
  slackUserId: string | null | undefined,
): Promise<PostIdentity> {
  const avatar = slackUserId ? (await deps.people.get(slackUserId)).avatarUrl : null;
  return avatar ? { username, icon_url: avatar } : { username };
}

/**
 * Who a relayed article is from, as the queue thread shows it: the customer or the operator who wrote it,
 * with their Slack picture; the desk's own notices and mail from outsiders keep the app's name.
 */
export async function articleAuthorIdentity(
  deps: SlackDeliveryDeps,
  details: DeliveryTicket,
  author: string,
): Promise<PostIdentity | undefined> {
  const { article } = details;
  if (!article) return undefined;
  if (article.senderType === 'customer' && article.authorCustomerId === details.customer.id)
    return identityOf(deps, author, details.customer.slackUserId);
  if (article.senderType === 'agent' && article.authorAgentId !== null)
    return identityOf(deps, author, (await deps.desk.agentById(article.authorAgentId)).slackUserId);
  return undefined;
}
