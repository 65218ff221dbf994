import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { tablesOf } from '../db/tables.js';
import type { TicketNumber } from './brands.js';
import type { CoreContext } from './context.js';

/**
 * OTRS's DateChecksum ticket numbers: YYYYMMDD + system id + daily counter (at least 5 digits, it grows
 * past 99999 rather than wrap) + one check digit.
 */
const MIN_COUNTER_DIGITS = 5;

/** Digits weighted 1,2,1,2… from the left and summed; 10 - sum % 10, with 10 written as 1. */
export function checkDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 2);
  const digit = 10 - (sum % 10);
  return digit === 10 ? 1 : digit;
}

export function formatTicketNumber(day: string, systemId: string, counter: number): TicketNumber {
  const base = `${day}${systemId}${String(counter).padStart(MIN_COUNTER_DIGITS, '0')}`;
  // Where ticket numbers are made: the one place a string becomes one without a check.
  return `${base}${checkDigit(base)}` as TicketNumber;
}

/** The calendar day a ticket is numbered under, in the desk's time zone. */
export function ticketNumberDay(at: Date, timeZone: string): string {
  return format(new TZDate(at, timeZone), 'yyyyMMdd');
}

/**
 * Takes the next number of `day`: one upsert, atomic by itself (its row lock keeps two processes from taking
 * the same counter).
 */
const takeDailyCounter = (db: Db) => {
  const { ticketNumberCounters } = tablesOf(db);
  return db
    .insert(ticketNumberCounters)
    .values({ day: sql.placeholder('day'), counter: 1 })
    .onConflictDoUpdate({
      target: ticketNumberCounters.day,
      set: { counter: sql`${ticketNumberCounters.counter} + 1` },
    })
    .returning({ counter: ticketNumberCounters.counter })
    .prepare();
};

/**
 * The next ticket number of the desk's day at `at`. The counter is committed apart from the ticket's
 * transaction: held until that one commits, the day's one row would make every new ticket wait for the
 * whole of every other's (on PostgreSQL, with several replicas, new-ticket forms then missed Slack's 3 s).
 * A ticket whose transaction fails after this leaves a gap in the day's numbers, as OTRS's counter can.
 */
export async function nextTicketNumber(ctx: CoreContext, at: Date): Promise<TicketNumber> {
  const day = ticketNumberDay(at, ctx.timeZone);
  const [row] = await ctx.connection.apart((db) => prepared(db, takeDailyCounter).execute({ day }));
  if (!row) throw new Error(`the ticket counter of ${day} returned no row`);
  return formatTicketNumber(day, ctx.systemId, row.counter);
}

/** Whether `number` is a well-formed ticket number of this desk: right system id, valid date and check digit. */
export function isValidTicketNumber(number: string, systemId: string): number is TicketNumber {
  const minLength = 8 + systemId.length + MIN_COUNTER_DIGITS + 1;
  if (!/^\d+$/.test(number) || number.length < minLength) return false;
  if (number.slice(8, 8 + systemId.length) !== systemId) return false;
  if (!isRealDate(number.slice(0, 8))) return false;
  return checkDigit(number.slice(0, -1)) === Number(number.slice(-1));
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Ticket numbers referenced as `Ticket#<number>` in a text (an email subject, a message), valid ones only, in order. */
export function findTicketNumbers(text: string, systemId: string): TicketNumber[] {
  const found: TicketNumber[] = [];
  for (const match of text.matchAll(/Ticket#\s?(\d{14,24})(?!\d)/gi)) {
    const number = match[1] as string;
    if (isValidTicketNumber(number, systemId) && !found.includes(number)) found.push(number);
  }
  return found;
}
