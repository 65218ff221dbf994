import type { Db } from '../db/client.js';
import { insertReturning, updateById } from '../db/prepared.js';
import type { NotifyVia } from '../db/schema.js';
import { tablesOf } from '../db/tables.js';
import { type CustomerRow, customerWithEmail, customerWithSlackId } from './actor.js';
import type { SlackUserId } from './brands.js';
import { isEmailAddress } from './email-address.js';
import { ValidationError } from './errors.js';

/** Names a customer: by Slack user, by email address, or both. */
export interface CustomerRef {
  slackUserId?: SlackUserId;
  email?: string;
  name?: string;
  language?: string;
  notifyVia?: NotifyVia;
}

/** Finds the customer by Slack user id, then by email; creates them if neither is known. */
export async function findOrCreateCustomer(tx: Db, ref: CustomerRef, at: Date): Promise<CustomerRow> {
  const { customers } = tablesOf(tx);
  const email = ref.email?.trim().toLowerCase();
  if (email !== undefined && !isEmailAddress(email)) {
    throw new ValidationError('customer_email', 'not_an_email', `"${ref.email}" is not an email address.`, {
      value: ref.email ?? '',
    });
  }
  if (!ref.slackUserId && !email) {
    throw new ValidationError(
      'customer',
      'no_customer',
      'A customer needs a Slack user or an email address.',
    );
  }
  const existing =
    (ref.slackUserId && (await customerWithSlackId(tx, ref.slackUserId))) ||
    (email && (await customerWithEmail(tx, email))) ||
    null;
  if (existing) return completeCustomer(tx, existing, ref, email);
  return await insertReturning(tx, customers, {
    slackUserId: ref.slackUserId ?? null,
    email: email ?? null,
    name: ref.name?.trim() || email || ref.slackUserId || 'customer',
    language: ref.language ?? null,
    notifyVia: ref.notifyVia ?? (ref.slackUserId ? 'dm' : 'email'),
    createdAt: at,
  });
}

/** Fills what a known customer lacked, and takes a newly stated notification preference. */
async function completeCustomer(
  tx: Db,
  row: CustomerRow,
  ref: CustomerRef,
  email: string | undefined,
): Promise<CustomerRow> {
  const { customers } = tablesOf(tx);
  const changes: Partial<CustomerRow> = {};
  if (!row.slackUserId && ref.slackUserId) changes.slackUserId = ref.slackUserId;
  if (!row.email && email && !(await customerWithEmail(tx, email))) {
    changes.email = email;
  }
  if (!row.language && ref.language) changes.language = ref.language;
  if (ref.notifyVia && ref.notifyVia !== row.notifyVia) changes.notifyVia = ref.notifyVia;
  if (Object.keys(changes).length === 0) return row;
  await updateById(tx, customers, row.id, changes);
  return { ...row, ...changes };
}
