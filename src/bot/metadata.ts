import { z } from 'zod';
import { slackUserIdOf, ticketNumberOf } from '../core/model.js';

/** What a modal carries from its opening to its submission; never trusted, re-checked on submit. */
const ticketModalMetadata = z.object({
  ticketNumber: z
    .string()
    .regex(/^\d{14,24}$/)
    .transform(ticketNumberOf),
  /** Where to confirm or refuse: the channel the button was pressed in. */
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .optional(),
  /** "Send to customer": the message (in `channelId`) the reply is sent from, with its files. */
  sourceTs: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
  /** Reply: the canned response that filled the text. */
  responseId: z.int().positive().optional(),
});
export type TicketModalMetadata = z.infer<typeof ticketModalMetadata>;

const newTicketMetadata = z.object({
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .optional(),
  /** The message's author, when an operator opens a ticket for them. */
  customerSlackUserId: z
    .string()
    .regex(/^[UW][A-Z0-9]+$/)
    .transform(slackUserIdOf)
    .optional(),
  /** The message the ticket emoji was put on: the ticket is its author's, one per message. */
  source: z
    .object({
      channelId: z.string().regex(/^[CDG][A-Z0-9]+$/),
      ts: z.string().regex(/^\d+\.\d+$/),
    })
    .optional(),
});
export type NewTicketMetadata = z.infer<typeof newTicketMetadata>;

/** The rating comment form: which ticket, and the thank-you message to update once the comment is in. */
const ratingCommentMetadata = z.object({
  ticketNumber: z
    .string()
    .regex(/^\d{14,24}$/)
    .transform(ticketNumberOf),
  channelId: z
    .string()
    .regex(/^[CDG][A-Z0-9]+$/)
    .optional(),
  messageTs: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
});
export type RatingCommentMetadata = z.infer<typeof ratingCommentMetadata>;

function parse<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const parseTicketModalMetadata = (raw: string | undefined) => parse(ticketModalMetadata, raw);
export const parseNewTicketMetadata = (raw: string | undefined) => parse(newTicketMetadata, raw);
export const parseRatingCommentMetadata = (raw: string | undefined) => parse(ratingCommentMetadata, raw);
