/**
 * Signed requests into a Bolt HTTP receiver (the tests', the sandbox's), shaped like the ones Slack sends: slash commands and
 * interactivity payloads as `application/x-www-form-urlencoded` (interactivity as `payload=<json>`), Events API
 * callbacks as `application/json`, each signed with `v0=HMAC-SHA256(secret, "v0:<ts>:<body>")`. Or the same
 * payloads as Socket Mode envelopes down the fake Slack's link (`socketMode` instead of `url`).
 *
 * Ids default to the fake workspace of `src/fake-slack` (team, app, bot user), so both sides agree.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { dmChannelIdFor, FAKE_SLACK_DEFAULTS, type JsonObject } from './fake-slack.js';
import type { EnvelopeType, FakeSocketMode } from './socket-mode.js';

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_CONTENT = 'application/json';

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function sign(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export type PostOptions = {
  /** X-Slack-Request-Timestamp in seconds; default now. */
  timestamp?: number;
  /** Sent instead of the correct signature. */
  signature?: string;
  /** Sets X-Slack-Retry-Num (and X-Slack-Retry-Reason, default `http_timeout`). */
  retryNum?: number;
  retryReason?: string;
  headers?: Record<string, string>;
};

export type SlackResponse = {
  status: number;
  headers: Headers;
  /**
   * The response body as text ('' when Bolt acked without a body). In Socket Mode: status 200 once the app
   * acknowledged the envelope, and the ack's payload as the body.
   */
  body: string;
  json<T = unknown>(): T;
};

/** A response together with what was sent, so it can be inspected or replayed (Slack's retries). */
export type Sent<P> = SlackResponse & {
  payload: P;
  rawBody: string;
  contentType: string;
  /** The X-Slack-Request-Timestamp it was signed with. */
  timestamp: number;
};

export type SlackUser = { id: string; username: string; name: string; team_id: string };

export type CommandPayload = Record<string, string> & {
  command: string;
  text: string;
  user_id: string;
  channel_id: string;
  trigger_id: string;
  response_url: string;
};

export type InteractionPayload = {
  type: string;
  trigger_id?: string;
  user: Partial<SlackUser> & { id: string };
  [key: string]: unknown;
};

export type SlackEvent = { type: string; [key: string]: unknown };

export type EventEnvelope = {
  token: string;
  team_id: string;
  api_app_id: string;
  event: SlackEvent;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: {
    enterprise_id: string | null;
    team_id: string;
    user_id: string;
    is_bot: boolean;
    is_enterprise_install: boolean;
  }[];
  is_ext_shared_channel: boolean;
  event_context: string;
};

export type OptionInput = {
  value: string;
  text?: string | { type: 'plain_text'; text: string; emoji?: boolean };
};

/** One input's state, in Slack's `view.state.values[block_id][action_id]` shape (option text may be a string). */
export type ViewValueInput = {
  type: string;
  value?: string | null;
  selected_option?: OptionInput | null;
  selected_options?: OptionInput[];
  selected_user?: string | null;
  selected_users?: string[];
  selected_date?: string | null;
  selected_time?: string | null;
  selected_date_time?: number | null;
  selected_conversation?: string | null;
  selected_conversations?: string[];
  selected_channel?: string | null;
  selected_channels?: string[];
  rich_text_value?: unknown;
  /** A `file_input`'s files, as Slack's file objects (e.g. from `fake.shareFile`). */
  files?: unknown[];
};

export type ViewValuesInput = Record<string, Record<string, ViewValueInput>>;

/** A message as interactivity payloads carry it (e.g. one of `fake.messages(channel)`). */
export type MessageInput = {
  ts: string;
  text?: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: unknown;
  [key: string]: unknown;
};

/** A view as interactivity payloads carry it (e.g. `fake.view(id)`); missing fields get defaults. */
export type ViewInput = {
  id: string;
  callback_id?: string;
  private_metadata?: string;
  blocks?: unknown;
  [key: string]: unknown;
};

export type CommandInput = {
  text: string;
  userId: string;
  channelId: string;
  command?: string;
  userName?: string;
  channelName?: string;
  triggerId?: string;
  responseUrl?: string;
};

export type BlockActionInput = {
  userId: string;
  actionId: string;
  value?: string;
  blockId?: string;
  /** Element type; default button, or static_select / users_select / datepicker / conversations_select by input. */
  type?: string;
  selectedOption?: OptionInput;
  selectedUser?: string;
  selectedDate?: string;
  selectedConversation?: string;
  /** More fields for the action object. */
  action?: Record<string, unknown>;
  channelId?: string;
  channelName?: string;
  messageTs?: string;
  threadTs?: string;
  /** The message the button is on; defaults to a bot message with `messageTs`. */
  message?: MessageInput;
  isEphemeral?: boolean;
  /** Set for an action inside a modal or the Home tab (container type view, no response_url). */
  view?: ViewInput;
  /** Current state values of the view or message inputs. */
  values?: ViewValuesInput;
  triggerId?: string;
  responseUrl?: string;
  userName?: string;
};

export type ViewSubmissionInput = {
  userId: string;
  /** Required unless `view` gives it. */
  callbackId?: string;
  values: ViewValuesInput;
  privateMetadata?: string;
  viewId?: string;
  /** The view being submitted (e.g. `fake.view(id)`); explicit fields override it. */
  view?: ViewInput;
  triggerId?: string;
  userName?: string;
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
};

export type MessageShortcutInput = {
  userId: string;
  callbackId: string;
  channelId: string;
  channelName?: string;
  message: MessageInput & { user?: string; text?: string };
  triggerId?: string;
  responseUrl?: string;
  userName?: string;
};

export type GlobalShortcutInput = {
  userId: string;
  callbackId: string;
  triggerId?: string;
  userName?: string;
};

export type EventOptions = { eventId?: string; eventTime?: number; retryNum?: number; retryReason?: string };

export type MessageEventInput = {
  channel: string;
  /** Author; for bot messages use `botId` too. */
  user?: string;
  text?: string;
  /** The message's ts (for message_changed / message_deleted: the ts of the original message); default new. */
  ts?: string;
  threadTs?: string;
  /** Author of the thread's parent (Slack sets it on replies); default the author. */
  parentUserId?: string;
  /** Default from the channel id: D → im, G → group, else channel. */
  channelType?: 'channel' | 'group' | 'im' | 'mpim';
  /** e.g. message_changed, message_deleted, file_share, thread_broadcast, bot_message, channel_join. */
  subtype?: string;
  botId?: string;
  files?: Record<string, unknown>[];
  blocks?: unknown[];
  /** message_changed / message_deleted: the text before (default ''). */
  previousText?: string;
  /** message_changed / message_deleted: ts of the change event (default new). */
  eventTs?: string;
  /** More fields for the inner event. */
  extra?: Record<string, unknown>;
} & EventOptions;

export type SlackClientOptions = (
  | {
      /** The receiver's endpoint, e.g. http://127.0.0.1:3000/slack/events (a bare origin gets /slack/events). */
      url: string;
      signingSecret: string;
    }
  | {
      /**
       * Socket Mode instead of HTTP: each request goes down the fake Slack's link as the envelope Slack would
       * send (commands, interactivity, events), and resolves once the app acknowledged it.
       */
      socketMode: FakeSocketMode;
    }
) & {
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** The bot user the event authorizations name; default the fake's. */
  botUserId?: string;
  /** Verification token put in payloads (Bolt ignores it). */
  verificationToken?: string;
  /** Base for generated response_url values, e.g. `fake.responseUrlBase`; default https://hooks.slack.com/. */
  responseUrlBase?: string;
  /** Clock (ms) for timestamps; default Date.now. */
  now?: () => number;
};

export type SlackRequests = {
  /** The receiver's endpoint ('' in Socket Mode, where nothing is POSTed). */
  readonly url: string;
  post(body: string, contentType: string, opts?: PostOptions): Promise<SlackResponse>;
  /**
   * Sends the same bytes again, e.g. as a Slack retry with `retryNum`: signed again with a later timestamp, as
   * Slack does (the app refuses a copy with the same timestamp and signature).
   */
  replay<P>(sent: Sent<P>, opts?: PostOptions): Promise<Sent<P>>;
  command(input: CommandInput, opts?: PostOptions): Promise<Sent<CommandPayload>>;
  blockAction(input: BlockActionInput, opts?: PostOptions): Promise<Sent<InteractionPayload>>;
  viewSubmission(input: ViewSubmissionInput, opts?: PostOptions): Promise<Sent<InteractionPayload>>;
  viewClosed(
    input: { userId: string; view: ViewInput },
    opts?: PostOptions,
  ): Promise<Sent<InteractionPayload>>;
  messageShortcut(input: MessageShortcutInput, opts?: PostOptions): Promise<Sent<InteractionPayload>>;
  globalShortcut(input: GlobalShortcutInput, opts?: PostOptions): Promise<Sent<InteractionPayload>>;
  event(inner: SlackEvent, opts?: EventOptions & PostOptions): Promise<Sent<EventEnvelope>>;
  appHomeOpened(
    userId: string,
    opts?: EventOptions & PostOptions & { tab?: 'home' | 'messages'; view?: ViewInput },
  ): Promise<Sent<EventEnvelope>>;
  /** `reaction_added`: `user` put the emoji `reaction` on the message at `ts` in `channel`, by `itemUser`. */
  reactionAdded(
    input: { user: string; reaction: string; channel: string; ts: string; itemUser?: string } & EventOptions,
    opts?: PostOptions,
  ): Promise<Sent<EventEnvelope>>;
  /** `app_mention`: a message mentioning the app (its text holds `<@bot user id>`); `ts` default new. */
  appMention(
    input: {
      user: string;
      text: string;
      channel: string;
      ts?: string;
      threadTs?: string;
      /** A mention posted by a bot (or by the app itself): Slack's event then carries its bot_id. */
      botId?: string;
    } & EventOptions,
    opts?: PostOptions,
  ): Promise<Sent<EventEnvelope> & { ts: string }>;
  /** A message event; `ts` is the message's ts (the edited/deleted one for those subtypes). */
  messageEvent(input: MessageEventInput, opts?: PostOptions): Promise<Sent<EventEnvelope> & { ts: string }>;
  urlVerification(challenge?: string): Promise<SlackResponse>;
  /** New unique ids, in Slack's formats. */
  triggerId(): string;
  eventId(): string;
  ts(): string;
};

export function createSlackClient(options: SlackClientOptions): SlackRequests {
  const url = 'url' in options ? receiverEndpoint(options.url) : '';
  const now = options.now ?? Date.now;
  const teamId = options.teamId ?? FAKE_SLACK_DEFAULTS.teamId;
  const teamDomain = options.teamDomain ?? FAKE_SLACK_DEFAULTS.teamDomain;
  const apiAppId = options.apiAppId ?? FAKE_SLACK_DEFAULTS.appId;
  const botUserId = options.botUserId ?? FAKE_SLACK_DEFAULTS.botUserId;
  const token = options.verificationToken ?? 'fakeVerificationToken0001';
  const hooks = options.responseUrlBase ?? 'https://hooks.slack.com/';
  let seq = 0;
  let lastMicros = 0;

  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  // A message's ts is unique in its channel. The fake Slack numbers the messages it posts at multiples of
  // 100 µs; people's messages made here are 50 µs past one, so the two never meet in one channel.
  const nextTs = (): string => {
    const micros = Math.max(Math.floor(now()) * 1000 + 50, lastMicros + 100);
    lastMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  const triggerId = () => {
    seq += 1;
    return `${Math.floor(now() / 1000)}${String(seq).padStart(3, '0')}.${4744562912 + seq}.${hex(16)}`;
  };
  const eventId = () => {
    seq += 1;
    return `Ev0${seq.toString(36).toUpperCase().padStart(4, '0')}${hex(3).toUpperCase()}`;
  };
  const responseUrl = (kind: 'commands' | 'actions' | 'app') => {
    seq += 1;
    return `${hooks}${kind}/${teamId}/${1000000000 + seq}/${hex(12)}`;
  };
  const team = { id: teamId, domain: teamDomain };
  const user = (id: string, name?: string): SlackUser => ({
    id,
    username: name ?? id.toLowerCase(),
    name: name ?? id.toLowerCase(),
    team_id: teamId,
  });

  async function post(body: string, contentType: string, opts: PostOptions = {}): Promise<SlackResponse> {
    if ('socketMode' in options) return sendDownLink(options.socketMode, body, contentType, opts);
    const timestamp = opts.timestamp ?? Math.floor(now() / 1000);
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': opts.signature ?? sign(options.signingSecret, timestamp, body),
      ...opts.headers,
    };
    if (opts.retryNum !== undefined) {
      headers['X-Slack-Retry-Num'] = String(opts.retryNum);
      headers['X-Slack-Retry-Reason'] = opts.retryReason ?? 'http_timeout';
    } else if (opts.retryReason !== undefined) {
      headers['X-Slack-Retry-Reason'] = opts.retryReason;
    }
    const response = await fetch(url, { method: 'POST', headers, body });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text,
      json: () => {
        if (text === '') throw new Error(`empty response body (HTTP ${response.status})`);
        return JSON.parse(text);
      },
    };
  }

  async function sendPayload<P>(payload: P, contentType: string, rawBody: string, opts?: PostOptions) {
    const timestamp = opts?.timestamp ?? Math.floor(now() / 1000);
    const response = await post(rawBody, contentType, { ...opts, timestamp });
    return { ...response, payload, rawBody, contentType, timestamp };
  }

  const sendForm = <P extends Record<string, string>>(payload: P, opts?: PostOptions) =>
    sendPayload(payload, FORM, new URLSearchParams(payload).toString(), opts);
  const sendInteraction = (payload: InteractionPayload, opts?: PostOptions) =>
    sendPayload(payload, FORM, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), opts);
  const sendJson = <P>(payload: P, opts?: PostOptions) =>
    sendPayload(payload, JSON_CONTENT, JSON.stringify(payload), opts);

  const option = (o: OptionInput) => ({
    text: typeof o.text === 'object' ? o.text : { type: 'plain_text', text: o.text ?? o.value, emoji: true },
    value: o.value,
  });
  const stateValues = (values: ViewValuesInput = {}) => {
    const out: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const [blockId, actions] of Object.entries(values)) {
      const block: Record<string, Record<string, unknown>> = {};
      for (const [actionId, input] of Object.entries(actions)) {
        const { selected_option, selected_options, ...rest } = input;
        block[actionId] = {
          ...rest,
          ...(selected_option !== undefined && {
            selected_option: selected_option && option(selected_option),
          }),
          ...(selected_options !== undefined && { selected_options: selected_options.map(option) }),
        };
      }
      out[blockId] = block;
    }
    return out;
  };
  const fullView = (view: ViewInput, values?: ViewValuesInput) => ({
    team_id: teamId,
    type: 'modal',
    blocks: [],
    private_metadata: '',
    callback_id: '',
    hash: `${Math.floor(now() / 1000)}.${hex(4)}`,
    clear_on_close: false,
    notify_on_close: false,
    previous_view_id: null,
    root_view_id: view.id,
    app_id: apiAppId,
    external_id: '',
    app_installed_team_id: teamId,
    bot_id: FAKE_SLACK_DEFAULTS.botId,
    ...view,
    state: { values: stateValues(values) },
  });
  const eventEnvelope = (inner: SlackEvent, opts: EventOptions = {}): EventEnvelope => {
    const eventTs = typeof inner.event_ts === 'string' ? inner.event_ts : nextTs();
    return {
      token,
      team_id: teamId,
      api_app_id: apiAppId,
      event: { ...inner, event_ts: eventTs },
      type: 'event_callback',
      event_id: opts.eventId ?? eventId(),
      event_time: opts.eventTime ?? Math.floor(Number(eventTs)),
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${Buffer.from(`${teamId}:${inner.type}:${seq}`).toString('base64url')}`,
    };
  };
  const richText = (text: string) => [
    {
      type: 'rich_text',
      block_id: hex(2),
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
    },
  ];
  const channelTypeOf = (channel: string) =>
    channel.startsWith('D') ? 'im' : channel.startsWith('G') ? 'group' : 'channel';

  const client: SlackRequests = {
    url,
    post,
    replay: async (sent, opts) =>
      sendPayload(sent.payload, sent.contentType, sent.rawBody, {
        ...opts,
        timestamp: opts?.timestamp ?? Math.max(Math.floor(now() / 1000), sent.timestamp + 1),
      }),

    command: (input, opts) =>
      sendForm(
        {
          token,
          team_id: teamId,
          team_domain: teamDomain,
          channel_id: input.channelId,
          channel_name:
            input.channelName ??
            (input.channelId.startsWith('D') ? 'directmessage' : input.channelId.toLowerCase()),
          user_id: input.userId,
          user_name: input.userName ?? input.userId.toLowerCase(),
          command: input.command ?? '/ticket',
          text: input.text,
          api_app_id: apiAppId,
          is_enterprise_install: 'false',
          response_url: input.responseUrl ?? responseUrl('commands'),
          trigger_id: input.triggerId ?? triggerId(),
        },
        opts,
      ),

    blockAction: (input, opts) => {
      const actionType =
        input.type ??
        (input.selectedOption
          ? 'static_select'
          : input.selectedUser
            ? 'users_select'
            : input.selectedDate
              ? 'datepicker'
              : input.selectedConversation
                ? 'conversations_select'
                : 'button');
      const action = {
        action_id: input.actionId,
        block_id: input.blockId ?? `b${hex(2)}`,
        type: actionType,
        action_ts: nextTs(),
        ...(input.value !== undefined && { value: input.value }),
        ...(input.selectedOption && { selected_option: option(input.selectedOption) }),
        ...(input.selectedUser && { selected_user: input.selectedUser }),
        ...(input.selectedDate && { selected_date: input.selectedDate }),
        ...(input.selectedConversation && { selected_conversation: input.selectedConversation }),
        ...(actionType === 'button' && { text: { type: 'plain_text', text: input.actionId, emoji: true } }),
        ...input.action,
      };
      const base: InteractionPayload = {
        type: 'block_actions',
        user: user(input.userId, input.userName),
        api_app_id: apiAppId,
        token,
        trigger_id: input.triggerId ?? triggerId(),
        team,
        enterprise: null,
        is_enterprise_install: false,
        actions: [action],
      };
      if (input.view) {
        const view = fullView(input.view, input.values);
        return sendInteraction(
          { ...base, container: { type: 'view', view_id: input.view.id }, view, state: view.state },
          opts,
        );
      }
      const channelId = input.channelId;
      const ts = input.message?.ts ?? input.messageTs;
      if (channelId === undefined || ts === undefined) {
        throw new Error('blockAction needs either view, or channelId with messageTs/message');
      }
      const threadTs = input.threadTs ?? input.message?.thread_ts;
      const message = {
        type: 'message',
        user: botUserId,
        bot_id: FAKE_SLACK_DEFAULTS.botId,
        text: '',
        team: teamId,
        ...input.message,
        ts,
        ...(threadTs !== undefined && { thread_ts: threadTs }),
      };
      return sendInteraction(
        {
          ...base,
          container: {
            type: 'message',
            message_ts: ts,
            channel_id: channelId,
            is_ephemeral: input.isEphemeral ?? false,
            ...(threadTs !== undefined && { thread_ts: threadTs }),
          },
          channel: { id: channelId, name: input.channelName ?? channelId.toLowerCase() },
          message,
          ...(input.values !== undefined && { state: { values: stateValues(input.values) } }),
          response_url: input.responseUrl ?? responseUrl('actions'),
        },
        opts,
      );
    },

    viewSubmission: (input, opts) => {
      const callbackId = input.callbackId ?? input.view?.callback_id;
      if (callbackId === undefined) throw new Error('viewSubmission needs callbackId or view');
      const id = input.viewId ?? input.view?.id ?? `V0SUB${String(seq + 1).padStart(5, '0')}`;
      const view = fullView(
        {
          ...input.view,
          id,
          callback_id: callbackId,
          private_metadata: input.privateMetadata ?? input.view?.private_metadata ?? '',
        },
        input.values,
      );
      return sendInteraction(
        {
          type: 'view_submission',
          team,
          user: user(input.userId, input.userName),
          api_app_id: apiAppId,
          token,
          trigger_id: input.triggerId ?? triggerId(),
          view,
          response_urls: input.responseUrls ?? [],
          is_enterprise_install: false,
          enterprise: null,
        },
        opts,
      );
    },

    viewClosed: (input, opts) =>
      sendInteraction(
        {
          type: 'view_closed',
          team,
          user: user(input.userId),
          api_app_id: apiAppId,
          token,
          view: fullView(input.view),
          is_cleared: false,
          is_enterprise_install: false,
          enterprise: null,
        },
        opts,
      ),

    messageShortcut: (input, opts) =>
      sendInteraction(
        {
          type: 'message_action',
          token,
          action_ts: nextTs(),
          team,
          user: { id: input.userId, name: input.userName ?? input.userId.toLowerCase() },
          channel: { id: input.channelId, name: input.channelName ?? input.channelId.toLowerCase() },
          is_enterprise_install: false,
          enterprise: null,
          callback_id: input.callbackId,
          trigger_id: input.triggerId ?? triggerId(),
          message_ts: input.message.ts,
          message: { type: 'message', team: teamId, ...input.message },
          response_url: input.responseUrl ?? responseUrl('app'),
        },
        opts,
      ),

    globalShortcut: (input, opts) =>
      sendInteraction(
        {
          type: 'shortcut',
          token,
          action_ts: nextTs(),
          team,
          user: { id: input.userId, username: input.userName ?? input.userId.toLowerCase(), team_id: teamId },
          is_enterprise_install: false,
          enterprise: null,
          callback_id: input.callbackId,
          trigger_id: input.triggerId ?? triggerId(),
        },
        opts,
      ),

    event: (inner, opts = {}) => sendJson(eventEnvelope(inner, opts), opts),

    appHomeOpened: (userId, opts = {}) =>
      client.event(
        {
          type: 'app_home_opened',
          user: userId,
          channel: dmChannelIdFor(userId),
          tab: opts.tab ?? 'home',
          ...(opts.view && { view: fullView({ type: 'home', ...opts.view }) }),
        },
        opts,
      ),

    reactionAdded: (input, opts = {}) =>
      client.event(
        {
          type: 'reaction_added',
          user: input.user,
          reaction: input.reaction,
          ...(input.itemUser !== undefined && { item_user: input.itemUser }),
          item: { type: 'message', channel: input.channel, ts: input.ts },
          event_ts: nextTs(),
        },
        { ...input, ...opts },
      ),

    appMention: async (input, opts = {}) => {
      const ts = input.ts ?? nextTs();
      const sent = await client.event(
        {
          type: 'app_mention',
          user: input.user,
          client_msg_id: `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`,
          text: input.text,
          team: teamId,
          blocks: richText(input.text),
          ts,
          ...(input.threadTs !== undefined && { thread_ts: input.threadTs }),
          ...(input.botId !== undefined && { bot_id: input.botId }),
          channel: input.channel,
          event_ts: ts,
        },
        { ...input, ...opts },
      );
      return { ...sent, ts };
    },

    messageEvent: async (input, opts = {}) => {
      const channelType = input.channelType ?? channelTypeOf(input.channel);
      const ts = input.ts ?? nextTs();
      const author = input.user ?? (input.botId ? botUserId : undefined);
      let inner: SlackEvent;
      if (input.subtype === 'message_changed' || input.subtype === 'message_deleted') {
        const eventTs = input.eventTs ?? nextTs();
        const previous = {
          type: 'message',
          ...(author !== undefined && { user: author }),
          text: input.previousText ?? '',
          ts,
          ...(input.threadTs !== undefined && {
            thread_ts: input.threadTs,
            ...(input.threadTs !== ts && { parent_user_id: input.parentUserId ?? author ?? '' }),
          }),
          ...(input.botId !== undefined && { bot_id: input.botId }),
        };
        inner =
          input.subtype === 'message_changed'
            ? {
                type: 'message',
                subtype: 'message_changed',
                hidden: true,
                channel: input.channel,
                channel_type: channelType,
                ts: eventTs,
                event_ts: eventTs,
                message: {
                  ...previous,
                  text: input.text ?? '',
                  blocks: input.blocks ?? richText(input.text ?? ''),
                  edited: { user: author ?? '', ts: eventTs },
                  team: teamId,
                },
                previous_message: previous,
              }
            : {
                type: 'message',
                subtype: 'message_deleted',
                hidden: true,
                channel: input.channel,
                channel_type: channelType,
                ts: eventTs,
                event_ts: eventTs,
                deleted_ts: ts,
                previous_message: previous,
              };
      } else {
        const subtype = input.subtype ?? (input.files && input.files.length > 0 ? 'file_share' : undefined);
        inner = {
          type: 'message',
          ...(subtype !== undefined && { subtype }),
          ...(author !== undefined && { user: author }),
          ...(input.botId === undefined && {
            client_msg_id: `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`,
          }),
          ...(input.botId !== undefined && {
            bot_id: input.botId,
            bot_profile: { id: input.botId, name: 'bot', app_id: apiAppId, team_id: teamId, deleted: false },
          }),
          text: input.text ?? '',
          ts,
          team: teamId,
          blocks: input.blocks ?? richText(input.text ?? ''),
          ...(input.files !== undefined && { files: input.files, upload: false, display_as_bot: false }),
          ...(input.threadTs !== undefined && {
            thread_ts: input.threadTs,
            ...(input.threadTs !== ts && { parent_user_id: input.parentUserId ?? author ?? '' }),
          }),
          channel: input.channel,
          event_ts: ts,
          channel_type: channelType,
        };
      }
      const sent = await client.event({ ...inner, ...input.extra }, { ...input, ...opts });
      return { ...sent, ts };
    },

    urlVerification: (challenge = hex(20)) =>
      post(JSON.stringify({ token, challenge, type: 'url_verification' }), JSON_CONTENT),

    triggerId,
    eventId,
    ts: nextTs,
  };
  return client;
}

function receiverEndpoint(origin: string): string {
  const endpoint = new URL(origin);
  if (endpoint.pathname === '/' || endpoint.pathname === '') endpoint.pathname = '/slack/events';
  return endpoint.toString();
}

/**
 * A request as Socket Mode carries it: the body a signed POST would have, as the payload of an envelope of its
 * kind (a form with `payload=` is interactivity, another form a slash command, JSON an Events API callback);
 * Slack's retry number and reason go in the envelope. Signatures and timestamps have no place on the link.
 */
async function sendDownLink(
  socketMode: FakeSocketMode,
  body: string,
  contentType: string,
  opts: PostOptions,
): Promise<SlackResponse> {
  let type: EnvelopeType;
  let payload: unknown;
  if (contentType.split(';')[0]?.trim() === JSON_CONTENT) {
    type = 'events_api';
    payload = JSON.parse(body);
    if (!isObject(payload) || payload.type !== 'event_callback') {
      throw new Error(`Socket Mode carries event callbacks only, not ${body.slice(0, 100)}`);
    }
  } else {
    const form = new URLSearchParams(body);
    const interaction = form.get('payload');
    type = interaction === null ? 'slash_commands' : 'interactive';
    payload = interaction === null ? Object.fromEntries(form) : JSON.parse(interaction);
  }
  if (!isObject(payload)) throw new Error(`not a payload Slack would send: ${body.slice(0, 100)}`);
  const envelope = await socketMode.send(type, payload, {
    retryAttempt: opts.retryNum,
    retryReason: opts.retryReason,
  });
  const text = Object.keys(envelope.ack.payload).length === 0 ? '' : JSON.stringify(envelope.ack.payload);
  return {
    status: 200,
    headers: new Headers(),
    body: text,
    json: () => {
      if (text === '') throw new Error(`empty ack payload (envelope ${envelope.envelope_id})`);
      return JSON.parse(text);
    },
  };
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
