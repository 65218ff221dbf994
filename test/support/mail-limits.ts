import { readEnv } from '../../src/config/env.js';
import { type MailInLimits, mailInLimits } from '../../src/mail/index.js';

/** Mail in's limits as an unconfigured environment sets them. */
export const ENV_MAIL_LIMITS: MailInLimits = mailInLimits(readEnv({}));

/** The environment's limits with a few changed, as a test sets them. */
export function mailLimits(changes: Partial<MailInLimits> = {}): MailInLimits {
  const limits = { ...ENV_MAIL_LIMITS };
  for (const [key, value] of Object.entries(changes) as [keyof MailInLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}
