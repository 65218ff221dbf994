import { z } from 'zod';

/** What the page may post, checked before anything acts on it. */

const option = z.object({ value: z.string(), text: z.string().optional() });

const action = z.object({
  actionId: z.string().min(1),
  blockId: z.string(),
  type: z.string().min(1),
  value: z.string().optional(),
  selectedOption: option.optional(),
  selectedUser: z.string().optional(),
  selectedDate: z.string().optional(),
});

/** `view.state.values`: block id → action id → the element's state. */
const values = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      type: z.string(),
      value: z.string().nullable().optional(),
      selected_option: option.nullable().optional(),
      selected_options: z.array(option).optional(),
      selected_user: z.string().nullable().optional(),
      selected_date: z.string().nullable().optional(),
      selected_time: z.string().nullable().optional(),
      selected_conversation: z.string().nullable().optional(),
    }),
  ),
);

const user = z.string().regex(/^[UW][A-Z0-9]+$/);
const channel = z.string().regex(/^[CDG][A-Z0-9]+$/);
const ts = z.string().regex(/^\d+\.\d+$/);

export const pageRequests = {
  say: z.object({ user, channel, text: z.string().min(1).max(40_000), threadTs: ts.optional() }),
  act: z.object({
    user,
    action,
    channel: channel.optional(),
    messageTs: ts.optional(),
    ephemeral: z.boolean().optional(),
    viewId: z.string().optional(),
    values: values.optional(),
  }),
  submit: z.object({ user, viewId: z.string(), values }),
  closeView: z.object({ user, viewId: z.string() }),
  shortcut: z.object({ user, callbackId: z.string(), channel: channel.optional(), messageTs: ts.optional() }),
  react: z.object({ user, channel, ts, name: z.string().regex(/^[a-z0-9_+'-]+$/) }),
  home: z.object({ user }),
  mail: z.object({
    from: z.email(),
    fromName: z.string().max(200),
    to: z.email(),
    subject: z.string().max(1000),
    text: z.string().max(100_000),
  }),
  startOver: z.object({}),
};

export const stateQuery = z.object({
  user,
  channel: z.union([channel, z.literal('home')]),
  thread: ts.optional(),
  /** How many of the latest top-level messages to send (the page asks for more on scroll). */
  limit: z.coerce.number().int().min(1).max(10_000).default(200),
});
