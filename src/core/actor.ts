import type { Db } from '../db/client.js';
import { prepared, rowsWhereEqual } from '../db/prepared.js';
import type { agents, customers } from '../db/schema.js';
import type { SlackUserId } from './brands.js';

/** Who asks for an operation, as the outer layers know them. */
export type Actor =
  | { kind: 'slack'; userId: SlackUserId }
  | { kind: 'email'; address: string }
  /** The desk itself: the scheduler, the mail pipeline's auto-replies. */
  | { kind: 'system'; label: string };

/** The desk itself, as history and articles name it when no person acted. */
export const SYSTEM_ACTOR = { kind: 'system', label: 'Sportello' } as const satisfies Actor;

export type AgentRow = typeof agents.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;

/** An actor resolved against the database: a Slack user may be an agent, a customer, or both. */
export interface Principal {
  actor: Actor;
  agent: AgentRow | null;
  customer: CustomerRow | null;
  /** How history shows who did it. */
  label: string;
  isSystem: boolean;
  isAdmin: boolean;
}

const agentBySlackUser = rowsWhereEqual('agents', (t) => t.slackUserId);
const customerBySlackUser = rowsWhereEqual('customers', (t) => t.slackUserId);
const customerByEmail = rowsWhereEqual('customers', (t) => t.email);

export async function agentWithSlackId(tx: Db, slackUserId: SlackUserId): Promise<AgentRow | undefined> {
  return (await prepared(tx, agentBySlackUser).execute({ value: slackUserId }))[0];
}

export async function customerWithSlackId(
  tx: Db,
  slackUserId: SlackUserId,
): Promise<CustomerRow | undefined> {
  return (await prepared(tx, customerBySlackUser).execute({ value: slackUserId }))[0];
}

/** `address` as stored: lower case. */
export async function customerWithEmail(tx: Db, address: string): Promise<CustomerRow | undefined> {
  return (await prepared(tx, customerByEmail).execute({ value: address }))[0];
}

export async function resolvePrincipal(tx: Db, actor: Actor): Promise<Principal> {
  if (actor.kind === 'system') {
    return { actor, agent: null, customer: null, label: actor.label, isSystem: true, isAdmin: true };
  }
  if (actor.kind === 'email') {
    const address = actor.address.toLowerCase();
    const customer = (await customerWithEmail(tx, address)) ?? null;
    return {
      actor,
      agent: null,
      customer,
      label: customer?.name ?? address,
      isSystem: false,
      isAdmin: false,
    };
  }
  const agent = (await agentWithSlackId(tx, actor.userId)) ?? null;
  const customer = (await customerWithSlackId(tx, actor.userId)) ?? null;
  return {
    actor,
    agent,
    customer,
    label: agent?.name ?? customer?.name ?? actor.userId,
    isSystem: false,
    isAdmin: agent?.isAdmin ?? false,
  };
}
