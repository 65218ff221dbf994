/**
 * A stand-in Slack workspace for the tests and the sandbox: a node:http server on 127.0.0.1 that answers the methods a help
 * desk calls the way Slack does (shapes from Slack's method reference), keeps enough state to be checked
 * (messages per channel with threads and updates, DMs, modals, Home tabs, reactions), records every call and
 * can fail on demand (429 with Retry-After, HTTP 5xx, hangs, `ok: false` errors).
 *
 * Point the app's WebClient at it with `slackApiUrl: fake.apiUrl`. Any `xoxb-`/`xoxp-` token is accepted.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from './seeded-random.js';
import { FakeSocketMode } from './socket-mode.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Identity of the fake workspace and its bot, shared with the request builders in `slack-requests.ts`. */
export const FAKE_SLACK_DEFAULTS = {
  teamId: 'T0ATENEO01',
  teamDomain: 'ateneo',
  teamName: 'Ateneo',
  enterpriseId: null,
  botUserId: 'U0SPORTBOT',
  botId: 'B0SPORTBOT',
  appId: 'A0SPORTELLO',
} as const;

/** Host used in permalinks and `auth.test`'s url. */
export const FAKE_SLACK_WEB = 'https://fake.slack.test/';

/** The DM channel Slack would use between the bot and `userId` (stable, so tests can compute it up front). */
export function dmChannelIdFor(userId: string): string {
  return `D${userId}`;
}

export type FakeUser = {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
  email?: string;
  /** IANA time zone; default Europe/Rome. */
  tz?: string;
  /** e.g. 'it-IT', 'en-US'; returned by users.info only with `include_locale`; default en-US. */
  locale?: string;
  isBot?: boolean;
  deleted?: boolean;
  /** What users.getPresence says of them; default active. */
  presence?: 'active' | 'away';
};

/** Where the fake's profile pictures are said to be: `<base><user id>_<size>.png`. */
export const FAKE_AVATAR_BASE = 'https://avatars.slack-edge.com/fake/';
const AVATAR_SIZES = [24, 32, 48, 72, 192, 512] as const;

/** A post's own name and picture, as Slack keeps them on the message (`username`, `icons`). */
function customIdentity(args: JsonObject): Pick<FakeMessage, 'username' | 'icons'> {
  const username = str(args, 'username');
  const iconUrl = str(args, 'icon_url');
  return {
    ...(username !== undefined && username !== '' && { username }),
    ...(iconUrl !== undefined && iconUrl !== '' && { icons: { image_48: iconUrl } }),
  };
}

export type FakeChannel = { id: string; name: string; isPrivate?: boolean; members?: string[] };

export type Fault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 | 504 }
  | { hang: true }
  | { error: string };

export type RecordedCall = {
  method: string;
  /** Decoded arguments (JSON-string arguments such as `blocks`, `view`, `attachments` parsed), without `token`. */
  args: JsonObject;
  token: string | undefined;
  /** Date.now() when the request arrived. */
  at: number;
  /** True when the call did not succeed (injected fault or `ok: false`); a failed call changed nothing. */
  failed: boolean;
  /** Slack's error code (`ratelimited`, `channel_not_found`...), `http_500` or `hang` for injected faults. */
  error?: string;
  fault?: Fault;
  /** The JSON body answered (absent for hangs). */
  response?: JsonObject;
};

export type FakeReaction = { name: string; users: string[]; count: number };

export type FakeMessage = {
  type: 'message';
  channel: string;
  ts: string;
  user: string;
  text?: string;
  blocks?: JsonValue[];
  attachments?: JsonValue[];
  metadata?: JsonValue;
  thread_ts?: string;
  reply_broadcast?: boolean;
  /** A person's message has none; joins, topics and the like have theirs (e.g. channel_join). */
  subtype?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  edited?: { user: string; ts: string };
  /** A bot post under another name and picture (`chat:write.customize`: `username`, `icon_url`). */
  username?: string;
  icons?: { image_48: string };
  /** Computed when read: set on a thread's parent. */
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  /** Computed when read: set on replies whose parent is known. */
  parent_user_id?: string;
  reactions?: FakeReaction[];
  /** Files shared with the message (`files.completeUploadExternal`). */
  files?: JsonValue[];
};

/** A message someone wrote (`addMessage`), as the history then gives it. */
export type PersonMessage = {
  user: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  blocks?: JsonValue[];
  /** Files shared with it, as Slack describes them (id, name, mimetype, size…). */
  files?: JsonValue[];
  /** e.g. channel_join; a bot's message also has `bot_id`. */
  subtype?: string;
  bot_id?: string;
};

/** A file uploaded with Slack's external upload flow. */
export type FakeFile = {
  id: string;
  /** The `filename` given to `files.getUploadURLExternal`. */
  name: string;
  title: string;
  /** The `length` announced; `bytes` holds what was actually POSTed to the upload URL. */
  length: number;
  bytes?: Buffer;
  altText?: string;
  /** What the uploader's client said the file is; absent, guessed from the name. */
  mimetype?: string;
  /** Who shared it: a person (`shareFile`), or the app (the upload flow). */
  user?: string;
  /** Set by `files.completeUploadExternal`; a file never completed stays private and unshared. */
  completed: boolean;
  /** Channels the file was shared to, with the ts of the message that shares it. */
  shares: { channel: string; ts: string }[];
};

export type FakeEphemeral = {
  channel: string;
  user: string;
  message_ts: string;
  text?: string;
  blocks?: JsonValue[];
  attachments?: JsonValue[];
  thread_ts?: string;
};

export type FakeView = {
  id: string;
  team_id: string;
  type: string;
  title?: JsonValue;
  submit?: JsonValue;
  close?: JsonValue;
  blocks: JsonValue[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: JsonObject };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
};

/** A POST the app made to a response_url under `fake.responseUrlBase` (Bolt's `respond()`). */
export type ResponseUrlPost = { url: string; path: string; body: JsonValue; at: number };

export type FakeSlackOptions = {
  users?: FakeUser[];
  channels?: FakeChannel[];
  botUserId?: string;
  botId?: string;
  teamId?: string;
  teamName?: string;
  teamDomain?: string;
  appId?: string;
  /** Clock (ms) for message timestamps; default Date.now. */
  now?: () => number;
  /** Reject Block Kit payloads over Slack's limits (blocks per message/view, title length...); default true. */
  validate?: boolean;
  /** A trigger_id can open or push one view only, like Slack (`exchanged_trigger_id`); default true. */
  singleUseTriggers?: boolean;
};

export interface FakeSlack {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/api/`: the WebClient's `slackApiUrl`. */
  readonly apiUrl: string;
  /** `http://127.0.0.1:<port>/hooks/`: response_url base; POSTs under it are kept in `responses()`. */
  readonly responseUrlBase: string;
  readonly port: number;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Socket Mode: the WebSocket link `apps.connections.open` hands out, and the envelopes sent down it. */
  readonly socketMode: FakeSocketMode;

  /** Every call in arrival order (copies), optionally of one method. */
  calls(method?: string): RecordedCall[];
  lastCall(method: string): RecordedCall | undefined;
  /** The channel's current messages (updates applied, deleted ones gone), oldest first, replies included. */
  messages(channel: string): FakeMessage[];
  message(channel: string, ts: string): FakeMessage | undefined;
  /** Parent (if known) and replies of a thread, oldest first. */
  thread(channel: string, threadTs: string): FakeMessage[];
  ephemerals(channel?: string): FakeEphemeral[];
  /** Shows a message to one person only, as Slack does with a slash command's answer. */
  addEphemeral(ephemeral: Omit<FakeEphemeral, 'message_ts'>): FakeEphemeral;
  /** Put a message written by someone else (a user) into the fake's state, e.g. to mirror a message event. */
  addMessage(channel: string, message: PersonMessage): FakeMessage;
  dmChannelOf(userId: string): string;
  /** The latest Home tab published for the user. */
  homeView(userId: string): FakeView | undefined;
  /** Every view opened, pushed, updated or published (latest state). */
  views(): FakeView[];
  view(id: string): FakeView | undefined;
  /** The view opened or pushed with that trigger_id. */
  viewByTrigger(triggerId: string): FakeView | undefined;
  reactions(channel: string, ts: string): FakeReaction[];
  /** A person adds (or takes back) a reaction; false when there was nothing to change. */
  react(channel: string, ts: string, name: string, user: string, add: boolean): boolean;
  responses(): ResponseUrlPost[];
  setMembers(channel: string, users: string[]): void;
  /** Every file announced with `files.getUploadURLExternal` (uploaded or not), in order. */
  files(): FakeFile[];
  file(id: string): FakeFile | undefined;
  /**
   * A person shares a file, as their Slack client does: the file is stored (its bytes served at
   * `url_private_download` to a request with a bot or user token) and its Slack file object returned, to be
   * put in the `files` of the message event that shares it.
   */
  shareFile(
    userId: string,
    file: { name: string; bytes: Buffer; mimetype?: string; title?: string },
  ): JsonObject;
  addUser(user: FakeUser): void;
  /** The person's presence, as users.getPresence reports it from now on. */
  setPresence(userId: string, presence: 'active' | 'away'): void;
  /** The people of the workspace. */
  users(): FakeUser[];
  /** Called after every change to what the workspace shows (each API call, message, ephemeral, reaction). */
  onChange(listener: () => void): () => void;

  /** The next `times` calls of `method` (or of any method with '*') fail with `fault` and change nothing. */
  failNext(method: string, fault: Fault, times?: number): void;
  /** A `rate` share (0..1) of calls fail with one of `faults`, chosen by a PRNG seeded with `seed`. */
  setFaultRate(rate: number, faults: Fault[], seed?: number, options?: { methods?: string[] }): void;
  clearFaults(): void;
  /**
   * Web API calls (all, or only `methods`) are answered `ms` later: Slack across the internet, or slow for a
   * while. 0: at once.
   */
  setLatency(ms: number, methods?: string[]): void;
  /**
   * Calls of `method` (whose arguments `match`) are carried out at once (a post is in the channel, people
   * see it and can answer it) but their answers reach the app only once `release` is called: the app has not
   * heard back yet. Everything held is released at `close` and `reset` too.
   */
  holdAnswers(method: string, match?: (args: JsonObject) => boolean): () => void;

  /** Polls `predicate` every 10 ms until it returns something other than undefined/null/false (throws count as not yet). */
  /** Polls `predicate` (which may be async) until it gives a value that is not falsy. */
  waitFor<T>(predicate: () => Awaitable<T | Falsy>, timeoutMs?: number, what?: string): Promise<T>;
  /** Resolves with the first recorded call (past or future) of `method` whose args match. */
  waitForCall(
    method: string,
    match?: (args: JsonObject, call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;

  /** Forgets calls, messages, ephemerals, views, reactions, responses, faults and ends hanging requests;
   * keeps the workspace (users, channels, members set with setMembers). */
  reset(): void;
  /** Ends hanging requests and closes the server. */
  close(): Promise<void>;
}

type Falsy = undefined | null | false;
type Awaitable<T> = T | Promise<T>;

/** All the text a message (or any Block Kit value) shows: `text` fields found anywhere, joined by newlines. */
export function messageText(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) {
        if (key === 'text' && typeof inner === 'string') out.push(inner);
        else walk(inner);
      }
    }
  };
  walk(value);
  return out.join('\n');
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlackServer(options);
  await fake.listen();
  return fake;
}

// ---------------------------------------------------------------------------------------------------------

class ApiError extends Error {
  readonly code: string;
  readonly extra: JsonObject;
  constructor(code: string, extra: JsonObject = {}) {
    super(code);
    this.code = code;
    this.extra = extra;
  }
}

/** Arguments @slack/web-api sends as JSON strings inside a form body. */
const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks']);
const TRIGGER_ID = /^\d+\.\d+\.[0-9a-zA-Z]+$/;
const USER_ID = /^[UW][A-Z0-9]+$/;
const CHANNEL_ID = /^[CG][A-Z0-9]+$/;
const VIEW_LIMIT_BYTES = 250_000;
/** Methods that only read: calling them changes nothing anyone sees. */
const READ_METHODS = new Set([
  'auth.test',
  'chat.getPermalink',
  'conversations.info',
  'conversations.members',
  'conversations.history',
  'conversations.replies',
  'users.info',
  'users.lookupByEmail',
  'users.getPresence',
  'apps.connections.open',
]);

type Handler = (args: JsonObject) => Record<string, unknown>;
type QueuedFault = { method: string; fault: Fault; remaining: number };

function str(args: JsonObject, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function required(args: JsonObject, key: string, error = 'invalid_arguments'): string {
  const v = str(args, key);
  if (v === undefined || v === '')
    throw new ApiError(error, {
      response_metadata: { messages: [`[ERROR] missing required field: ${key}`] },
    });
  return v;
}

function bool(args: JsonObject, key: string): boolean {
  const v = args[key];
  return v === true || v === 1 || v === 'true' || v === '1';
}

function int(args: JsonObject, key: string, fallback: number): number {
  const v = args[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number.parseInt(v, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function textField(v: JsonValue | undefined): string | undefined {
  return isObject(v) && typeof v.text === 'string' ? v.text : undefined;
}

function compareTs(a: string, b: string): number {
  const [as = '0', am = '0'] = a.split('.');
  const [bs = '0', bm = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(am.padEnd(6, '0')) - Number(bm.padEnd(6, '0'));
}

/** Cursor pagination over a list, like Slack's `limit` / `cursor` / `response_metadata.next_cursor`. */
function paginate<T>(items: T[], args: JsonObject, defaultLimit: number): { page: T[]; next: string } {
  const limit = int(args, 'limit', defaultLimit);
  const cursor = str(args, 'cursor');
  const offset = cursor ? Number(Buffer.from(cursor, 'base64').toString().replace('offset:', '')) || 0 : 0;
  const page = items.slice(offset, offset + limit);
  const next =
    offset + limit < items.length ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '';
  return { page, next };
}

function tzInfo(tz: string): { offset: number; label: string } {
  try {
    const at = new Date();
    const part = (style: 'longOffset' | 'long') =>
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? '';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part('longOffset'));
    const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
    return { offset, label: part('long') || tz };
  } catch {
    return { offset: 0, label: tz };
  }
}

function faultError(fault: Fault): string {
  if ('hang' in fault) return 'hang';
  if ('error' in fault) return fault.error;
  return fault.status === 429 ? 'ratelimited' : `http_${fault.status}`;
}

function describeCalls(calls: RecordedCall[]): string {
  if (calls.length === 0) return 'none';
  const parts: string[] = [];
  let previous = '';
  let count = 0;
  const flush = () => {
    if (count > 0) parts.push(count > 1 ? `${previous} ×${count}` : previous);
  };
  for (const call of calls) {
    const label = call.failed ? `${call.method} (failed: ${call.error ?? '?'})` : call.method;
    if (label === previous) {
      count += 1;
    } else {
      flush();
      previous = label;
      count = 1;
    }
  }
  flush();
  return parts.join(', ');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A copy of a file's record (structuredClone would turn its Buffer into a plain Uint8Array). */
function copyFile(file: FakeFile): FakeFile {
  const { bytes, ...rest } = file;
  return { ...structuredClone(rest), ...(bytes && { bytes: Buffer.from(bytes) }) };
}

/**
 * The bytes POSTed to an upload URL: the raw body, or (as @slack/web-api's filesUploadV2 sends it) the first
 * file part of a multipart/form-data body.
 */
function uploadedBytes(contentType: string | undefined, body: Buffer): Buffer {
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) return body;
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const headersEnd = body.indexOf('\r\n\r\n', at);
    if (headersEnd === -1) break;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
    if (next === -1) break;
    if (/filename=/i.test(body.subarray(at, headersEnd).toString('latin1')))
      return body.subarray(headersEnd + 4, next);
    at = next + 2;
  }
  return body;
}

function parseArgs(contentType: string | undefined, body: string, query: URLSearchParams): JsonObject {
  const args: JsonObject = {};
  const decodeInto = (params: URLSearchParams) => {
    for (const [key, value] of params) {
      if (JSON_ARGS.has(key)) {
        try {
          args[key] = JSON.parse(value);
          continue;
        } catch {
          // keep the raw string, as Slack would then answer invalid_blocks_format & co.
        }
      }
      args[key] = value;
    }
  };
  decodeInto(query);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed: JsonValue = body.trim() === '' ? {} : JSON.parse(body);
    if (!isObject(parsed)) throw new ApiError('invalid_json');
    for (const [key, value] of Object.entries(parsed)) {
      if (JSON_ARGS.has(key) && typeof value === 'string') {
        try {
          args[key] = JSON.parse(value);
          continue;
        } catch {
          // keep as is
        }
      }
      args[key] = value;
    }
  } else if (type === 'multipart/form-data') {
    throw new ApiError('invalid_form_data');
  } else {
    decodeInto(new URLSearchParams(body));
  }
  return args;
}

class FakeSlackServer implements FakeSlack {
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  private readonly teamName: string;
  private readonly teamDomain: string;
  private readonly now: () => number;
  private readonly validate: boolean;
  private readonly singleUseTriggers: boolean;
  private readonly server: Server;
  readonly socketMode: FakeSocketMode;
  private boundPort = 0;
  private closed = false;

  // workspace (kept by reset)
  private readonly userStore = new Map<string, FakeUser>();
  private readonly channelStore = new Map<string, FakeChannel>();
  private readonly members = new Map<string, string[]>();

  // what happened (cleared by reset)
  private callLog: RecordedCall[] = [];
  private readonly channelMessages = new Map<string, FakeMessage[]>();
  private ephemeralLog: FakeEphemeral[] = [];
  private readonly viewStore = new Map<string, FakeView>();
  private readonly viewTriggers = new Map<string, string>();
  private readonly homeViews = new Map<string, string>();
  private readonly usedTriggers = new Set<string>();
  private readonly reactionStore = new Map<string, FakeReaction[]>();
  private readonly openedDms = new Set<string>();
  private readonly mpims = new Map<string, string>();
  private readonly fileStore = new Map<string, FakeFile>();
  private responseLog: ResponseUrlPost[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private faultQueue: QueuedFault[] = [];
  private faultRate = 0;
  private latencyMs = 0;
  private latencyMethods: Set<string> | undefined;
  private answerHolds = new Set<{
    method: string;
    match: (args: JsonObject) => boolean;
    held: (() => void)[];
  }>();
  private rateFaults: Fault[] = [];
  private rateMethods: Set<string> | undefined;
  private random: () => number = seededRandom(1);
  private lastMicros = 0;
  private viewSeq = 0;
  private readonly changeListeners = new Set<() => void>();

  private readonly handlers: Record<string, Handler> = {
    'auth.test': () => this.authTest(),
    'chat.postMessage': (a) => this.postMessage(a),
    'chat.update': (a) => this.update(a),
    'chat.delete': (a) => this.deleteMessage(a),
    'chat.postEphemeral': (a) => this.postEphemeral(a),
    'chat.getPermalink': (a) => this.permalink(a),
    'conversations.open': (a) => this.openConversation(a),
    'conversations.info': (a) => this.conversationInfo(a),
    'conversations.members': (a) => this.conversationMembers(a),
    'conversations.history': (a) => this.history(a),
    'conversations.replies': (a) => this.replies(a),
    'users.info': (a) => this.userInfo(a),
    'users.lookupByEmail': (a) => this.lookupByEmail(a),
    'users.getPresence': (a) => this.presence(a),
    'views.open': (a) => this.openView(a),
    'views.push': (a) => this.openView(a),
    'views.update': (a) => this.updateView(a),
    'views.publish': (a) => this.publishView(a),
    'reactions.add': (a) => this.reactAsBot(a, true),
    'reactions.remove': (a) => this.reactAsBot(a, false),
    'files.getUploadURLExternal': (a) => this.getUploadUrl(a),
    'files.completeUploadExternal': (a) => this.completeUpload(a),
    'apps.connections.open': () => ({ url: this.socketMode.newLinkUrl() }),
  };

  constructor(options: FakeSlackOptions) {
    this.teamId = options.teamId ?? FAKE_SLACK_DEFAULTS.teamId;
    this.botUserId = options.botUserId ?? FAKE_SLACK_DEFAULTS.botUserId;
    this.botId = options.botId ?? FAKE_SLACK_DEFAULTS.botId;
    this.appId = options.appId ?? FAKE_SLACK_DEFAULTS.appId;
    this.teamName = options.teamName ?? FAKE_SLACK_DEFAULTS.teamName;
    this.teamDomain = options.teamDomain ?? FAKE_SLACK_DEFAULTS.teamDomain;
    this.now = options.now ?? Date.now;
    this.validate = options.validate ?? true;
    this.singleUseTriggers = options.singleUseTriggers ?? true;
    this.userStore.set(this.botUserId, {
      id: this.botUserId,
      name: 'sportello',
      realName: 'Sportello',
      isBot: true,
    });
    for (const user of options.users ?? []) this.userStore.set(user.id, user);
    for (const channel of options.channels ?? []) {
      this.channelStore.set(channel.id, channel);
      if (channel.members) this.members.set(channel.id, [...channel.members]);
    }
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`fake Slack crashed: ${error instanceof Error ? error.stack : String(error)}`);
        }
      });
    });
    this.socketMode = new FakeSocketMode(this.server, { port: () => this.boundPort, appId: this.appId });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }
  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }
  get apiUrl(): string {
    return `${this.url}/api/`;
  }
  get responseUrlBase(): string {
    return `${this.url}/hooks/`;
  }

  // ------------------------------------------------------------------ inspection

  calls(method?: string): RecordedCall[] {
    return structuredClone(
      method === undefined ? this.callLog : this.callLog.filter((c) => c.method === method),
    );
  }

  lastCall(method: string): RecordedCall | undefined {
    const found = this.callLog.filter((c) => c.method === method).at(-1);
    return found && structuredClone(found);
  }

  messages(channel: string): FakeMessage[] {
    return this.stored(channel).map((m) => this.decorate(channel, m));
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    const found = this.stored(channel).find((m) => m.ts === ts);
    return found && this.decorate(channel, found);
  }

  thread(channel: string, threadTs: string): FakeMessage[] {
    return this.stored(channel)
      .filter((m) => m.ts === threadTs || m.thread_ts === threadTs)
      .map((m) => this.decorate(channel, m));
  }

  ephemerals(channel?: string): FakeEphemeral[] {
    return structuredClone(
      channel === undefined ? this.ephemeralLog : this.ephemeralLog.filter((e) => e.channel === channel),
    );
  }

  addEphemeral(ephemeral: Omit<FakeEphemeral, 'message_ts'>): FakeEphemeral {
    const stored = { ...structuredClone(ephemeral), message_ts: this.nextTs() };
    this.ephemeralLog.push(stored);
    this.changed();
    return structuredClone(stored);
  }

  addMessage(channel: string, message: PersonMessage): FakeMessage {
    const stored: FakeMessage = {
      type: 'message',
      channel,
      ts: message.ts ?? this.nextTs(),
      user: message.user,
      team: this.teamId,
      ...(message.text !== undefined && { text: message.text }),
      ...(message.blocks !== undefined && { blocks: structuredClone(message.blocks) }),
      ...(message.files !== undefined && { files: structuredClone(message.files) }),
      ...(message.subtype !== undefined && { subtype: message.subtype }),
      ...(message.bot_id !== undefined && { bot_id: message.bot_id }),
      ...(message.thread_ts !== undefined &&
        message.thread_ts !== message.ts && { thread_ts: message.thread_ts }),
    };
    this.insert(channel, stored);
    this.changed();
    return this.decorate(channel, stored);
  }

  dmChannelOf(userId: string): string {
    return dmChannelIdFor(userId);
  }

  homeView(userId: string): FakeView | undefined {
    const id = this.homeViews.get(userId);
    return id === undefined ? undefined : this.view(id);
  }

  views(): FakeView[] {
    return structuredClone([...this.viewStore.values()]);
  }

  view(id: string): FakeView | undefined {
    const found = this.viewStore.get(id);
    return found && structuredClone(found);
  }

  viewByTrigger(triggerId: string): FakeView | undefined {
    const id = this.viewTriggers.get(triggerId);
    return id === undefined ? undefined : this.view(id);
  }

  files(): FakeFile[] {
    return [...this.fileStore.values()].map(copyFile);
  }

  file(id: string): FakeFile | undefined {
    const found = this.fileStore.get(id);
    return found && copyFile(found);
  }

  shareFile(
    userId: string,
    input: { name: string; bytes: Buffer; mimetype?: string; title?: string },
  ): JsonObject {
    const id = `F0FAKE${String(this.fileStore.size + 1).padStart(5, '0')}`;
    const file: FakeFile = {
      id,
      name: input.name,
      title: input.title ?? input.name,
      length: input.bytes.length,
      bytes: Buffer.from(input.bytes),
      user: userId,
      completed: true,
      shares: [],
      ...(input.mimetype !== undefined && { mimetype: input.mimetype }),
    };
    this.fileStore.set(id, file);
    return this.fileObject(file);
  }

  reactions(channel: string, ts: string): FakeReaction[] {
    return structuredClone(this.reactionStore.get(`${channel}/${ts}`) ?? []);
  }

  responses(): ResponseUrlPost[] {
    return structuredClone(this.responseLog);
  }

  setMembers(channel: string, users: string[]): void {
    this.members.set(channel, [...users]);
  }

  addUser(user: FakeUser): void {
    this.userStore.set(user.id, user);
  }

  setPresence(userId: string, presence: 'active' | 'away'): void {
    const user = this.userStore.get(userId);
    if (!user) throw new Error(`no user ${userId} in the fake workspace`);
    this.userStore.set(userId, { ...user, presence });
  }

  users(): FakeUser[] {
    return structuredClone([...this.userStore.values()]);
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  // ------------------------------------------------------------------ faults

  failNext(method: string, fault: Fault, times = 1): void {
    if (times > 0) this.faultQueue.push({ method, fault, remaining: times });
  }

  setFaultRate(rate: number, faults: Fault[], seed = 1, options: { methods?: string[] } = {}): void {
    this.faultRate = faults.length === 0 ? 0 : Math.min(Math.max(rate, 0), 1);
    this.rateFaults = [...faults];
    this.rateMethods = options.methods && new Set(options.methods);
    this.random = seededRandom(seed);
  }

  setLatency(ms: number, methods?: string[]): void {
    this.latencyMs = Math.max(0, ms);
    this.latencyMethods = methods && new Set(methods);
  }

  holdAnswers(method: string, match: (args: JsonObject) => boolean = () => true): () => void {
    const hold = { method, match, held: [] as (() => void)[] };
    this.answerHolds.add(hold);
    return () => {
      if (!this.answerHolds.delete(hold)) return;
      for (const answer of hold.held) answer();
    };
  }

  private releaseHeldAnswers(): void {
    const holds = [...this.answerHolds];
    this.answerHolds.clear();
    for (const hold of holds) for (const answer of hold.held) answer();
  }

  clearFaults(): void {
    this.faultQueue = [];
    this.faultRate = 0;
    this.rateFaults = [];
    this.rateMethods = undefined;
  }

  private pickFault(method: string): Fault | undefined {
    const index = this.faultQueue.findIndex((q) => q.method === method || q.method === '*');
    const queued = this.faultQueue[index];
    if (queued) {
      queued.remaining -= 1;
      if (queued.remaining <= 0) this.faultQueue.splice(index, 1);
      return queued.fault;
    }
    if (this.faultRate > 0 && (this.rateMethods === undefined || this.rateMethods.has(method))) {
      if (this.random() < this.faultRate) {
        return this.rateFaults[Math.floor(this.random() * this.rateFaults.length)];
      }
    }
    return undefined;
  }

  // ------------------------------------------------------------------ waiting

  async waitFor<T>(predicate: () => Awaitable<T | Falsy>, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const started = Date.now();
    let lastError: unknown;
    for (;;) {
      let value: T | Falsy;
      try {
        value = await predicate();
        lastError = undefined;
      } catch (error) {
        value = undefined;
        lastError = error;
      }
      if (value !== undefined && value !== null && value !== false) return value;
      if (Date.now() - started >= timeoutMs) {
        const last = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
        throw new Error(
          `fake Slack: waiting for ${what} timed out after ${timeoutMs} ms${last}; ` +
            `calls seen (${this.callLog.length}): ${describeCalls(this.callLog)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  waitForCall(
    method: string,
    match?: (args: JsonObject, call: RecordedCall) => boolean,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    return this.waitFor(
      () => {
        const found = this.callLog.find((c) => c.method === method && (!match || match(c.args, c)));
        return found && structuredClone(found);
      },
      timeoutMs,
      `a ${method} call${match ? ' matching' : ''}`,
    );
  }

  // ------------------------------------------------------------------ lifecycle

  reset(): void {
    this.releaseHeldAnswers();
    this.endHanging();
    this.callLog = [];
    this.channelMessages.clear();
    this.ephemeralLog = [];
    this.viewStore.clear();
    this.viewTriggers.clear();
    this.homeViews.clear();
    this.usedTriggers.clear();
    this.reactionStore.clear();
    this.openedDms.clear();
    this.mpims.clear();
    this.responseLog = [];
    this.fileStore.clear();
    this.clearFaults();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.releaseHeldAnswers();
    this.endHanging();
    await this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private endHanging(): void {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  // ------------------------------------------------------------------ HTTP

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const bytes = await readBody(req);
    const body = bytes.toString('utf8');
    if (url.pathname.startsWith('/files-pri/') && req.method === 'GET') {
      this.serveDownload(url.pathname, req, res);
      return;
    }
    if (url.pathname.startsWith('/upload/') && req.method === 'POST') {
      this.receiveUpload(decodeURIComponent(url.pathname.slice('/upload/'.length)), req, res, bytes);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      if (this.latencyMs > 0 && (this.latencyMethods === undefined || this.latencyMethods.has(method)))
        await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      this.onApiCall(method, req, res, url, body);
      return;
    }
    if (url.pathname.startsWith('/hooks/') && req.method === 'POST') {
      let parsed: JsonValue = body;
      try {
        parsed = JSON.parse(body);
      } catch {
        // keep the text
      }
      this.responseLog.push({
        url: `${this.url}${url.pathname}`,
        path: url.pathname,
        body: parsed,
        at: Date.now(),
      });
      this.send(res, 200, { ok: true });
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }

  private send(res: ServerResponse, status: number, body: Record<string, unknown>, headers = {}): JsonObject {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
    return JSON.parse(text);
  }

  private onApiCall(method: string, req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const at = Date.now();
    let parsed: JsonObject;
    try {
      parsed = parseArgs(req.headers['content-type'], body, url.searchParams);
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'invalid_json';
      const response = this.send(res, 200, { ok: false, error: code });
      this.callLog.push({ method, args: {}, token: undefined, at, failed: true, error: code, response });
      return;
    }
    const args: JsonObject = {};
    for (const [key, value] of Object.entries(parsed)) if (key !== 'token') args[key] = value;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof parsed.token === 'string' ? parsed.token : undefined);
    const call: RecordedCall = { method, args, token, at, failed: false };
    this.callLog.push(call);

    const fault = this.pickFault(method);
    if (fault) {
      call.failed = true;
      call.fault = fault;
      call.error = faultError(fault);
      if ('hang' in fault) {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
      } else if ('error' in fault) {
        call.response = this.send(res, 200, { ok: false, error: fault.error });
      } else if (fault.status === 429) {
        call.response = this.send(
          res,
          429,
          { ok: false, error: 'ratelimited' },
          { 'Retry-After': String(fault.retryAfter) },
        );
      } else {
        call.response = this.send(res, fault.status, { ok: false, error: 'internal_error' });
      }
      return;
    }

    let result: Record<string, unknown>;
    const handler = this.handlers[method];
    try {
      if (!handler) throw new ApiError('unknown_method');
      if (!token) throw new ApiError('not_authed');
      // An app-level token (xapp-) opens Socket Mode links and does nothing else; bot and user tokens the rest.
      const appLevel = method === 'apps.connections.open';
      if (!/^(xox[bp]|xapp)-/.test(token)) throw new ApiError('invalid_auth');
      if (appLevel !== token.startsWith('xapp-')) throw new ApiError('not_allowed_token_type');
      result = { ok: true, ...handler(args) };
    } catch (error) {
      call.failed = true;
      if (!(error instanceof ApiError)) {
        call.error = 'fake_slack_crashed';
        throw error;
      }
      call.error = error.code;
      result = { ok: false, error: error.code, ...error.extra };
    }
    const hold = [...this.answerHolds].find((h) => h.method === method && h.match(args));
    const answer = () => {
      call.response = this.send(res, 200, result);
    };
    if (hold) hold.held.push(answer);
    else answer();
    if (!call.failed && !READ_METHODS.has(method)) this.changed();
  }

  // ------------------------------------------------------------------ helpers

  private nextTs(): string {
    const micros = Math.max(Math.floor(this.now()) * 1000, this.lastMicros + 100);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private stored(channel: string): FakeMessage[] {
    return this.channelMessages.get(channel) ?? [];
  }

  private insert(channel: string, message: FakeMessage): void {
    const list = this.channelMessages.get(channel) ?? [];
    list.push(message);
    list.sort((a, b) => compareTs(a.ts, b.ts));
    this.channelMessages.set(channel, list);
  }

  private decorate(channel: string, message: FakeMessage): FakeMessage {
    const copy = structuredClone(message);
    const all = this.stored(channel);
    if (message.thread_ts === undefined || message.thread_ts === message.ts) {
      const replies = all.filter((r) => r.thread_ts === message.ts && r.ts !== message.ts);
      const last = replies.at(-1);
      if (last) {
        const users = [...new Set(replies.map((r) => r.user))];
        copy.thread_ts = message.ts;
        copy.reply_count = replies.length;
        copy.reply_users = users;
        copy.reply_users_count = users.length;
        copy.latest_reply = last.ts;
      }
    } else {
      const parent = all.find((p) => p.ts === message.thread_ts);
      if (parent) copy.parent_user_id = parent.user;
    }
    const reactions = this.reactionStore.get(`${channel}/${message.ts}`);
    if (reactions && reactions.length > 0) copy.reactions = structuredClone(reactions);
    return copy;
  }

  private findStored(channel: string, ts: string): FakeMessage | undefined {
    return this.stored(channel).find((m) => m.ts === ts);
  }

  /** Resolves a channel argument to a conversation id, or throws channel_not_found. */
  private resolveChannel(value: string | undefined, allowUser = false): string {
    if (value === undefined || value === '') throw new ApiError('channel_not_found');
    if (allowUser && USER_ID.test(value)) return dmChannelIdFor(value);
    if (value.startsWith('#')) {
      const name = value.slice(1);
      const found = [...this.channelStore.values()].find((c) => c.name === name);
      if (!found) throw new ApiError('channel_not_found');
      return found.id;
    }
    if (CHANNEL_ID.test(value) || this.channelStore.has(value)) return value;
    if (/^D[A-Z0-9]+$/.test(value) && this.dmUser(value) !== undefined) return value;
    throw new ApiError('channel_not_found');
  }

  private dmUser(channel: string): string | undefined {
    const user = channel.slice(1);
    return channel.startsWith('D') && USER_ID.test(user) ? user : undefined;
  }

  private blocksArg(args: JsonObject, key: 'blocks' | 'attachments'): JsonValue[] | undefined {
    const v = args[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (!Array.isArray(v))
      throw new ApiError(key === 'blocks' ? 'invalid_blocks_format' : 'invalid_attachments');
    return v;
  }

  private messageContent(args: JsonObject, requireSome: boolean) {
    const text = str(args, 'text');
    const blocks = this.blocksArg(args, 'blocks');
    const attachments = this.blocksArg(args, 'attachments');
    if (requireSome && !text && !blocks?.length && !attachments?.length) throw new ApiError('no_text');
    if (this.validate) {
      if (blocks && blocks.length > 50) {
        throw new ApiError('invalid_blocks', {
          response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
        });
      }
      if (attachments && attachments.length > 100) throw new ApiError('too_many_attachments');
      if (text && text.length > 40_000) throw new ApiError('msg_too_long');
    }
    return { text, blocks, attachments };
  }

  private publicMessage(m: FakeMessage): Record<string, unknown> {
    const { channel: _channel, ...rest } = m;
    return rest;
  }

  // ------------------------------------------------------------------ methods

  private authTest(): Record<string, unknown> {
    return {
      url: FAKE_SLACK_WEB,
      team: this.teamName,
      user: 'sportello',
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      is_enterprise_install: false,
    };
  }

  /** What every message the app posts carries: where, when, and that our bot wrote it. */
  private botMessage(channel: string, ts: string): FakeMessage {
    return {
      type: 'message',
      channel,
      ts,
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
    };
  }

  private postMessage(args: JsonObject): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'), true);
    const { text, blocks, attachments } = this.messageContent(args, true);
    const threadTs = str(args, 'thread_ts');
    const ts = this.nextTs();
    const message: FakeMessage = {
      ...this.botMessage(channel, ts),
      ...(text !== undefined && { text }),
      ...(blocks !== undefined && { blocks }),
      ...(attachments !== undefined && { attachments }),
      ...(args.metadata !== undefined && { metadata: args.metadata }),
      ...(threadTs !== undefined && threadTs !== '' && { thread_ts: threadTs }),
      ...(bool(args, 'reply_broadcast') && { reply_broadcast: true }),
      ...customIdentity(args),
    };
    this.insert(channel, message);
    if (this.dmUser(channel) !== undefined) this.openedDms.add(channel);
    return { channel, ts, message: this.publicMessage(this.decorate(channel, message)) };
  }

  private update(args: JsonObject): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'));
    const ts = required(args, 'ts', 'message_not_found');
    const message = this.findStored(channel, ts);
    if (!message) throw new ApiError('message_not_found');
    if (message.user !== this.botUserId) throw new ApiError('cant_update_message');
    const { text, blocks, attachments } = this.messageContent(args, false);
    if (text !== undefined) message.text = text;
    if (blocks !== undefined) message.blocks = blocks;
    if (attachments !== undefined) message.attachments = attachments;
    if (args.metadata !== undefined) message.metadata = args.metadata;
    message.edited = { user: this.botUserId, ts: this.nextTs() };
    const updated = this.decorate(channel, message);
    return { channel, ts, text: updated.text ?? '', message: this.publicMessage(updated) };
  }

  private deleteMessage(args: JsonObject): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'));
    const ts = required(args, 'ts', 'message_not_found');
    const list = this.stored(channel);
    const index = list.findIndex((m) => m.ts === ts);
    const message = list[index];
    if (!message) throw new ApiError('message_not_found');
    if (message.user !== this.botUserId) throw new ApiError('cant_delete_message');
    list.splice(index, 1);
    return { channel, ts };
  }

  private postEphemeral(args: JsonObject): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'));
    const user = required(args, 'user', 'user_not_found');
    if (!USER_ID.test(user)) throw new ApiError('user_not_found');
    const members = this.members.get(channel);
    if (members && !members.includes(user)) throw new ApiError('user_not_in_channel');
    const { text, blocks, attachments } = this.messageContent(args, true);
    const threadTs = str(args, 'thread_ts');
    const messageTs = this.nextTs();
    this.ephemeralLog.push({
      channel,
      user,
      message_ts: messageTs,
      ...(text !== undefined && { text }),
      ...(blocks !== undefined && { blocks }),
      ...(attachments !== undefined && { attachments }),
      ...(threadTs !== undefined && threadTs !== '' && { thread_ts: threadTs }),
    });
    return { message_ts: messageTs };
  }

  private permalink(args: JsonObject): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'));
    const ts = required(args, 'message_ts', 'message_not_found');
    const message = this.findStored(channel, ts);
    let link = `${FAKE_SLACK_WEB}archives/${channel}/p${ts.replace('.', '')}`;
    if (message?.thread_ts && message.thread_ts !== ts)
      link += `?thread_ts=${message.thread_ts}&cid=${channel}`;
    return { channel, permalink: link };
  }

  private openConversation(args: JsonObject): Record<string, unknown> {
    const raw = args.users;
    const users = (Array.isArray(raw) ? raw.map(String) : (str(args, 'users') ?? '').split(','))
      .map((u) => u.trim())
      .filter((u) => u !== '');
    const channelArg = str(args, 'channel');
    if (users.length === 0 && channelArg) {
      const channel = this.resolveChannel(channelArg);
      return { channel: { id: channel } };
    }
    if (users.length === 0) throw new ApiError('users_list_not_supplied');
    for (const u of users) if (!USER_ID.test(u)) throw new ApiError('user_not_found');
    let id: string;
    if (users.length === 1) {
      id = dmChannelIdFor(users[0] ?? '');
    } else {
      if (users.length > 8) throw new ApiError('too_many_users');
      const key = [...new Set(users)].sort().join(',');
      id = this.mpims.get(key) ?? `G0MPIM${String(this.mpims.size + 1).padStart(4, '0')}`;
      this.mpims.set(key, id);
    }
    const already = this.openedDms.has(id);
    this.openedDms.add(id);
    if (bool(args, 'return_im')) {
      return {
        ...(already && { no_op: true, already_open: true }),
        channel: this.conversationObject(id),
      };
    }
    return { ...(already && { no_op: true, already_open: true }), channel: { id } };
  }

  private conversationObject(id: string): Record<string, unknown> {
    const dmUser = this.dmUser(id);
    if (dmUser !== undefined) {
      return {
        id,
        created: 1700000000,
        is_im: true,
        is_org_shared: false,
        user: dmUser,
        is_open: this.openedDms.has(id),
        priority: 0,
        ...(this.userStore.get(dmUser)?.locale !== undefined && {
          locale: this.userStore.get(dmUser)?.locale,
        }),
      };
    }
    const declared = this.channelStore.get(id);
    const mpim = [...this.mpims.values()].includes(id);
    const name = declared?.name ?? id.toLowerCase();
    const isPrivate = declared?.isPrivate ?? (id.startsWith('G') || mpim);
    return {
      id,
      name,
      name_normalized: name,
      is_channel: !mpim,
      is_group: false,
      is_im: false,
      is_mpim: mpim,
      is_private: isPrivate,
      created: 1700000000,
      is_archived: false,
      is_general: false,
      is_member: true,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      context_team_id: this.teamId,
      creator: '',
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
    };
  }

  private conversationInfo(args: JsonObject): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'));
    const object = this.conversationObject(channel);
    if (bool(args, 'include_num_members')) object.num_members = this.membersOf(channel).length;
    return { channel: object };
  }

  private membersOf(channel: string): string[] {
    const dmUser = this.dmUser(channel);
    if (dmUser !== undefined) return [dmUser, this.botUserId];
    return this.members.get(channel) ?? [];
  }

  private conversationMembers(args: JsonObject): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'));
    const { page, next } = paginate(this.membersOf(channel), args, 100);
    return { members: page, response_metadata: { next_cursor: next } };
  }

  private history(args: JsonObject): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'));
    const inclusive = bool(args, 'inclusive');
    const oldest = str(args, 'oldest');
    const latest = str(args, 'latest');
    const top = this.stored(channel)
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast)
      .filter((m) => {
        if (oldest !== undefined && oldest !== '') {
          const c = compareTs(m.ts, oldest);
          if (c < 0 || (c === 0 && !inclusive)) return false;
        }
        if (latest !== undefined && latest !== '') {
          const c = compareTs(m.ts, latest);
          if (c > 0 || (c === 0 && !inclusive)) return false;
        }
        return true;
      })
      .reverse();
    const { page, next } = paginate(top, args, 100);
    return {
      messages: page.map((m) => this.publicMessage(this.decorate(channel, m))),
      has_more: next !== '',
      pin_count: 0,
      response_metadata: { next_cursor: next },
    };
  }

  private replies(args: JsonObject): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'));
    const ts = required(args, 'ts', 'thread_not_found');
    const root = this.findStored(channel, ts)?.thread_ts ?? ts;
    const thread = this.stored(channel).filter((m) => m.ts === root || m.thread_ts === root);
    if (thread.length === 0) throw new ApiError('thread_not_found');
    const { page, next } = paginate(thread, args, 1000);
    return {
      messages: page.map((m) => this.publicMessage(this.decorate(channel, m))),
      has_more: next !== '',
      response_metadata: { next_cursor: next },
    };
  }

  private userObject(user: FakeUser, includeLocale: boolean): Record<string, unknown> {
    const tz = user.tz ?? 'Europe/Rome';
    const { offset, label } = tzInfo(tz);
    const realName = user.realName ?? user.name;
    const displayName = user.displayName ?? user.name;
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      deleted: user.deleted ?? false,
      color: '9f69e7',
      real_name: realName,
      tz,
      tz_label: label,
      tz_offset: offset,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: displayName,
        display_name_normalized: displayName,
        // Slack serves every profile picture at these sizes (a default one for people who set none).
        ...Object.fromEntries(
          AVATAR_SIZES.map((size) => [`image_${size}`, `${FAKE_AVATAR_BASE}${user.id}_${size}.png`]),
        ),
        ...(user.email !== undefined && { email: user.email }),
        ...(user.isBot && user.id === this.botUserId && { bot_id: this.botId }),
        team: this.teamId,
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: user.isBot ?? false,
      is_app_user: false,
      updated: 1700000000,
      ...(includeLocale && { locale: user.locale ?? 'en-US' }),
    };
  }

  private userInfo(args: JsonObject): Record<string, unknown> {
    const id = required(args, 'user', 'user_not_found');
    const user = this.userStore.get(id);
    if (!user) throw new ApiError('user_not_found');
    return { user: this.userObject(user, bool(args, 'include_locale')) };
  }

  /**
   * Another person's presence is only `presence` (Slack adds online, auto_away, manual_away, connection_count
   * and last_activity for the calling user alone). Without `user`, Slack answers for the caller: the bot.
   */
  private presence(args: JsonObject): Record<string, unknown> {
    const id = str(args, 'user') ?? this.botUserId;
    if (id === this.botUserId) return { presence: 'active' };
    const user = this.userStore.get(id);
    if (!user) throw new ApiError('user_not_found');
    return { presence: user.presence ?? 'active' };
  }

  private lookupByEmail(args: JsonObject): Record<string, unknown> {
    const email = required(args, 'email', 'users_not_found').toLowerCase();
    const user = [...this.userStore.values()].find((u) => u.email?.toLowerCase() === email);
    if (!user) throw new ApiError('users_not_found');
    return { user: this.userObject(user, false) };
  }

  private viewArg(args: JsonObject, kind: 'modal' | 'home' | 'any'): JsonObject {
    const view = args.view;
    if (!isObject(view)) {
      throw new ApiError('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] missing required field: view'] },
      });
    }
    const invalid = (message: string) =>
      new ApiError('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });
    const type = view.type;
    if (kind !== 'any' && type !== kind) throw invalid(`must be a ${kind} view [json-pointer:/view/type]`);
    if (!this.validate) return view;
    if (JSON.stringify(view).length > VIEW_LIMIT_BYTES) throw new ApiError('view_too_large');
    const blocks = view.blocks;
    if (!Array.isArray(blocks)) throw invalid('missing required field: blocks [json-pointer:/view/blocks]');
    if (blocks.length > 100) throw invalid('no more than 100 items allowed [json-pointer:/view/blocks]');
    if (type === 'modal') {
      const title = textField(view.title);
      if (title === undefined) throw invalid('missing required field: title [json-pointer:/view/title]');
      for (const key of ['title', 'submit', 'close']) {
        const text = textField(view[key]);
        if (text !== undefined && text.length > 24) {
          throw invalid(`must be less than 25 characters [json-pointer:/view/${key}/text]`);
        }
      }
      const hasInput = blocks.some((b) => isObject(b) && b.type === 'input');
      if (hasInput && textField(view.submit) === undefined) {
        throw invalid(
          'must provide a submit property when an input block is present [json-pointer:/view/submit]',
        );
      }
    }
    const metadata = view.private_metadata;
    if (typeof metadata === 'string' && metadata.length > 3000) {
      throw invalid('must be less than 3001 characters [json-pointer:/view/private_metadata]');
    }
    const callbackId = view.callback_id;
    if (typeof callbackId === 'string' && callbackId.length > 255) {
      throw invalid('must be less than 256 characters [json-pointer:/view/callback_id]');
    }
    return view;
  }

  private buildView(input: JsonObject, id: string, previous?: FakeView): FakeView {
    this.viewSeq += 1;
    const asString = (v: JsonValue | undefined, fallback: string) => (typeof v === 'string' ? v : fallback);
    return {
      id,
      team_id: this.teamId,
      type: asString(input.type, 'modal'),
      ...(input.title !== undefined && { title: input.title }),
      ...(input.submit !== undefined && { submit: input.submit }),
      ...(input.close !== undefined && { close: input.close }),
      blocks: Array.isArray(input.blocks) ? input.blocks : [],
      private_metadata: asString(input.private_metadata, ''),
      callback_id: asString(input.callback_id, ''),
      external_id: asString(input.external_id, ''),
      state: { values: {} },
      hash: `${Math.floor(this.now() / 1000)}.${this.viewSeq.toString(36).padStart(8, '0')}`,
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      root_view_id: previous?.root_view_id ?? id,
      previous_view_id: previous?.previous_view_id ?? null,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
  }

  private newViewId(): string {
    return `V0FAKE${String(this.viewStore.size + 1).padStart(5, '0')}`;
  }

  private checkExternalId(input: JsonObject, exceptId?: string): void {
    const externalId = input.external_id;
    if (typeof externalId !== 'string' || externalId === '') return;
    for (const v of this.viewStore.values()) {
      if (v.external_id === externalId && v.id !== exceptId) throw new ApiError('duplicate_external_id');
    }
  }

  private openView(args: JsonObject): Record<string, unknown> {
    const trigger = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
    if (trigger === undefined || trigger === '') {
      throw new ApiError('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] },
      });
    }
    if (!TRIGGER_ID.test(trigger)) throw new ApiError('invalid_trigger_id');
    if (this.singleUseTriggers && this.usedTriggers.has(trigger)) throw new ApiError('exchanged_trigger_id');
    const input = this.viewArg(args, 'modal');
    this.checkExternalId(input);
    const view = this.buildView(input, this.newViewId());
    this.usedTriggers.add(trigger);
    this.viewStore.set(view.id, view);
    this.viewTriggers.set(trigger, view.id);
    return { view: structuredClone(view) };
  }

  private updateView(args: JsonObject): Record<string, unknown> {
    const viewId = str(args, 'view_id');
    const externalId = str(args, 'external_id');
    if (!viewId && !externalId) throw new ApiError('not_found');
    const current = viewId
      ? this.viewStore.get(viewId)
      : [...this.viewStore.values()].find((v) => v.external_id === externalId);
    if (!current) throw new ApiError('not_found');
    const hash = str(args, 'hash');
    if (hash !== undefined && hash !== '' && hash !== current.hash) throw new ApiError('hash_conflict');
    const input = this.viewArg(args, 'any');
    this.checkExternalId(input, current.id);
    const view = this.buildView({ ...input, type: input.type ?? current.type }, current.id, current);
    this.viewStore.set(view.id, view);
    return { view: structuredClone(view) };
  }

  private publishView(args: JsonObject): Record<string, unknown> {
    const userId = required(args, 'user_id');
    if (!USER_ID.test(userId)) {
      throw new ApiError('invalid_arguments', { response_metadata: { messages: ['invalid `user_id`'] } });
    }
    const input = this.viewArg(args, 'home');
    const currentId = this.homeViews.get(userId);
    const current = currentId === undefined ? undefined : this.viewStore.get(currentId);
    const hash = str(args, 'hash');
    if (current && hash !== undefined && hash !== '' && hash !== current.hash)
      throw new ApiError('hash_conflict');
    this.checkExternalId(input, current?.id);
    const view = this.buildView(input, current?.id ?? this.newViewId(), current);
    this.viewStore.set(view.id, view);
    this.homeViews.set(userId, view.id);
    return { view: structuredClone(view) };
  }

  private reactAsBot(args: JsonObject, add: boolean): Record<string, unknown> {
    const channel = this.resolveChannel(str(args, 'channel'));
    const ts = str(args, 'timestamp');
    if (ts === undefined || ts === '') throw new ApiError('no_item_specified');
    const name = str(args, 'name');
    if (name === undefined || name === '' || !/^[a-z0-9_+'-]+$/.test(name))
      throw new ApiError('invalid_name');
    if (!this.toggleReaction(channel, ts, name, this.botUserId, add))
      throw new ApiError(add ? 'already_reacted' : 'no_reaction');
    return {};
  }

  react(channel: string, ts: string, name: string, user: string, add: boolean): boolean {
    const done = this.toggleReaction(channel, ts, name, user, add);
    if (done) this.changed();
    return done;
  }

  private toggleReaction(channel: string, ts: string, name: string, user: string, add: boolean): boolean {
    const key = `${channel}/${ts}`;
    const list = this.reactionStore.get(key) ?? [];
    const existing = list.find((r) => r.name === name);
    if (add) {
      if (existing?.users.includes(user)) return false;
      if (existing) {
        existing.users.push(user);
        existing.count += 1;
      } else {
        list.push({ name, users: [user], count: 1 });
      }
    } else {
      if (!existing?.users.includes(user)) return false;
      existing.users = existing.users.filter((u) => u !== user);
      existing.count -= 1;
      if (existing.count === 0) list.splice(list.indexOf(existing), 1);
    }
    this.reactionStore.set(key, list);
    return true;
  }

  // ------------------------------------------------------------------ files (external upload flow)

  private getUploadUrl(args: JsonObject): Record<string, unknown> {
    const name = required(args, 'filename');
    const length = Number(required(args, 'length'));
    if (!Number.isInteger(length) || length < 1) throw new ApiError('invalid_arguments');
    const id = `F0FAKE${String(this.fileStore.size + 1).padStart(5, '0')}`;
    const altText = str(args, 'alt_text') ?? str(args, 'alt_txt');
    this.fileStore.set(id, {
      id,
      name,
      title: name,
      length,
      completed: false,
      shares: [],
      ...(altText !== undefined && { altText }),
    });
    return { upload_url: `${this.url}/upload/${id}`, file_id: id };
  }

  /** The upload URL takes the file's bytes once, like Slack's: `OK - <length>`. */
  private receiveUpload(id: string, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const file = this.fileStore.get(id);
    if (!file || file.completed) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    file.bytes = Buffer.from(uploadedBytes(req.headers['content-type'], body));
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`OK - ${file.bytes.length}`);
  }

  /**
   * `url_private_download`: the bytes, to a request with a bot or user token (`Authorization: Bearer`); without
   * one, Slack answers with its sign-in page (HTML, status 200), not the file.
   */
  private serveDownload(path: string, req: IncomingMessage, res: ServerResponse): void {
    const match = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\/download\//.exec(path);
    const file = match?.[1] === undefined ? undefined : this.fileStore.get(match[1]);
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !/^xox[bp]-/.test(token)) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>');
      return;
    }
    if (!file?.bytes || !file.completed) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': this.mimetypeOf(file),
      'Content-Length': String(file.bytes.length),
    });
    res.end(file.bytes);
  }

  private completeUpload(args: JsonObject): Record<string, unknown> {
    let list: JsonValue | undefined = args.files;
    if (typeof list === 'string') {
      try {
        list = JSON.parse(list) as JsonValue;
      } catch {
        throw new ApiError('invalid_arguments');
      }
    }
    if (!Array.isArray(list) || list.length === 0) throw new ApiError('invalid_arguments');
    const channelArg = str(args, 'channel_id') ?? str(args, 'channels');
    const channel = channelArg ? this.resolveChannel(channelArg) : undefined;
    const threadTs = str(args, 'thread_ts');
    const files = list.map((entry) => {
      const id = isObject(entry) ? str(entry, 'id') : undefined;
      const file = id === undefined ? undefined : this.fileStore.get(id);
      if (!file) throw new ApiError('file_not_found');
      if (!file.bytes) throw new ApiError('file_upload_not_completed');
      return { file, title: isObject(entry) ? str(entry, 'title') : undefined };
    });
    const shared: JsonValue[] = files.map(({ file, title }) => {
      file.completed = true;
      if (title) file.title = title;
      return this.fileObject(file);
    });
    if (channel) {
      const ts = this.nextTs();
      const comment = str(args, 'initial_comment');
      const message: FakeMessage = {
        ...this.botMessage(channel, ts),
        text: comment ?? '',
        files: shared,
        ...(threadTs !== undefined && threadTs !== '' && { thread_ts: threadTs }),
      };
      this.insert(channel, message);
      for (const { file } of files) file.shares.push({ channel, ts });
    }
    return { files: files.map(({ file }) => this.fileObject(file)) };
  }

  private mimetypeOf(file: FakeFile): string {
    if (file.mimetype) return file.mimetype;
    const ext = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : '';
    return ext === 'png'
      ? 'image/png'
      : ext === 'csv'
        ? 'text/csv'
        : ext === 'txt'
          ? 'text/plain'
          : 'application/octet-stream';
  }

  private fileObject(file: FakeFile): JsonObject {
    const ext = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : '';
    return {
      id: file.id,
      name: file.name,
      title: file.title,
      mimetype: this.mimetypeOf(file),
      filetype: ext || 'binary',
      size: file.bytes?.length ?? file.length,
      user: file.user ?? this.botUserId,
      channels: file.shares.map((share) => share.channel).filter((c) => c.startsWith('C')),
      ims: file.shares.map((share) => share.channel).filter((c) => c.startsWith('D')),
      url_private: `${FAKE_SLACK_WEB}files/${file.id}/${encodeURIComponent(file.name)}`,
      url_private_download: `${this.url}/files-pri/${this.teamId}-${file.id}/download/${encodeURIComponent(file.name)}`,
      permalink: `${FAKE_SLACK_WEB}files/${this.botUserId}/${file.id}/${encodeURIComponent(file.name)}`,
    };
  }
}
