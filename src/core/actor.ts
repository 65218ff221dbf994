import type { DbOrTx } from '../db/client.js';
import { prepared, rowsWhereEqual } from '../db/prepared.js';
import { agents, customers } from '../db/schema.js';

/** Who asks for an operation, as the outer layers know them. */
export type Actor =
  | { kind: 'slack'; userId: string }
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

const agentBySlackUser = rowsWhereEqual(agents, agents.slackUserId);
const customerBySlackUser = rowsWhereEqual(customers, customers.slackUserId);
const customerByEmail = rowsWhereEqual(customers, customers.email);

export function agentWithSlackId(tx: DbOrTx, slackUserId: string): AgentRow | undefined {
  return prepared(tx, agentBySlackUser).get({ value: slackUserId });
}

export function customerWithSlackId(tx: DbOrTx, slackUserId: string): CustomerRow | undefined {
  return prepared(tx, customerBySlackUser).get({ value: slackUserId });
}

/** `address` as stored: lower case. */
export function customerWithEmail(tx: DbOrTx, address: string): CustomerRow | undefined {
  return prepared(tx, customerByEmail).get({ value: address });
}

export function resolvePrincipal(tx: DbOrTx, actor: Actor): Principal {
  if (actor.kind === 'system') {
    return { actor, agent: null, customer: null, label: actor.label, isSystem: true, isAdmin: true };
  }
  if (actor.kind === 'email') {
    const address = actor.address.toLowerCase();
    const customer = customerWithEmail(tx, address) ?? null;
    return {
      actor,
      agent: null,
      customer,
      label: customer?.name ?? address,
      isSystem: false,
      isAdmin: false,
    };
  }
  const agent = agentWithSlackId(tx, actor.userId) ?? null;
  const customer = customerWithSlackId(tx, actor.userId) ?? null;
  return {
    actor,
    agent,
    customer,
    label: agent?.name ?? customer?.name ?? actor.userId,
    isSystem: false,
    isAdmin: agent?.isAdmin ?? false,
  };
}
