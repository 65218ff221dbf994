import { randomBytes } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from '@slack/bolt';
import type { z } from 'zod';
import type { QueuesConfig } from '../config/queues-file.js';
import type { FakeEphemeral, FakeMessage, FakeSlack, FakeView } from '../fake-slack/fake-slack.js';
import { createSlackClient, type SlackRequests } from '../fake-slack/slack-requests.js';
import type { AppFeatures } from './app-manifest.js';
import { SandboxMailbox } from './mailbox.js';
import { ModalStacks } from './modal-stacks.js';
import type { stateQuery } from './page-api.js';
import { PersonActions } from './person-actions.js';
import type { SandboxWorkspace } from './workspace.js';

/** How the desk is told to reach the sandbox's Slack: the same settings a real workspace would give. */
export interface SandboxSlackSettings {
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  port: number;
  host: string;
}

/** The desk as the sandbox runs it: where its receiver and its mail listener are, and how to stop it. */
export interface SandboxDesk {
  receiverUrl: string;
  mailListenerPort: number;
  stop(): Promise<void>;
}

export interface SandboxSessionOptions {
  config: QueuesConfig;
  workspace: SandboxWorkspace;
  features: AppFeatures;
  fake: FakeSlack;
  mailDir: string;
  logger: Logger;
  startDesk(slack: SandboxSlackSettings): Promise<SandboxDesk>;
  /** Deletes the sandbox's database and mail, with the desk stopped. */
  forgetData(): Promise<void>;
}

/** Everything the page shows of one conversation to one person. */
export interface ConversationState {
  /** The latest top-level messages, oldest first, and how many earlier ones were left out. */
  messages: FakeMessage[];
  earlier: number;
  ephemerals: FakeEphemeral[];
  thread: { messages: FakeMessage[]; ephemerals: FakeEphemeral[] } | null;
  modals: FakeView[];
  home: FakeView | null;
}

/** One sandbox: the workspace, the desk running against it, and what the page asks of both. */
export class SandboxSession {
  readonly actions: PersonActions;
  readonly mailbox: SandboxMailbox;
  readonly logger: Logger;
  private readonly modals: ModalStacks;
  private readonly slack: SandboxSlackSettings;
  private desk: SandboxDesk | undefined;
  private requests: SlackRequests | undefined;
  private mailWatcher: FSWatcher | undefined;
  private readonly listeners = new Set<() => void>();
  private restarting: Promise<void> = Promise.resolve();

  constructor(private readonly options: SandboxSessionOptions) {
    this.logger = options.logger;
    this.slack = {
      botToken: `xoxb-sandbox-${randomBytes(12).toString('hex')}`,
      signingSecret: randomBytes(32).toString('hex'),
      apiUrl: options.fake.apiUrl,
      port: 0,
      host: '127.0.0.1',
    };
    this.modals = new ModalStacks(options.fake, () => this.changed());
    this.actions = new PersonActions(
      options.fake,
      () => this.currentRequests(),
      this.modals,
      options.features,
    );
    this.mailbox = new SandboxMailbox(options.mailDir, () => this.desk?.mailListenerPort ?? 0);
    options.fake.onChange(() => this.changed());
  }

  async start(): Promise<void> {
    const desk = await this.options.startDesk(this.slack);
    this.desk = desk;
    this.requests = createSlackClient({
      url: desk.receiverUrl,
      signingSecret: this.slack.signingSecret,
      responseUrlBase: this.options.fake.responseUrlBase,
    });
    // The desk writes mail as files; the page hears of each one.
    this.mailWatcher = watch(this.options.mailDir, () => this.changed());
    // A watcher's failure costs the panel its live updates, never the process.
    this.mailWatcher.on('error', (error) =>
      this.logger.warn('sandbox: mail folder no longer watched', error),
    );
  }

  async stop(): Promise<void> {
    await this.restarting;
    this.mailWatcher?.close();
    await this.desk?.stop();
    this.desk = undefined;
  }

  /** Everything gone: tickets, messages, mails. The desk starts again on a fresh database. */
  startOver(): Promise<void> {
    this.restarting = this.restarting.then(async () => {
      this.mailWatcher?.close();
      await this.desk?.stop();
      this.desk = undefined;
      await this.options.forgetData();
      this.options.fake.reset();
      this.modals.reset();
      this.mailbox.forget();
      await this.start();
      this.changed();
    });
    return this.restarting;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What does not change while the page is open: people, channels, the app's commands, the queues' addresses. */
  setup() {
    const { workspace, features, config, fake } = this.options;
    return {
      people: workspace.people,
      users: fake
        .users()
        .map((user) => ({ id: user.id, name: user.realName ?? user.name, isBot: !!user.isBot })),
      channels: workspace.channels,
      botUserId: fake.botUserId,
      features,
      queueAddresses: config.queues
        .filter((queue) => queue.email !== null && queue.customerVisible)
        .map((queue) => ({ name: queue.name, email: queue.email as string })),
    };
  }

  state(query: z.infer<typeof stateQuery>): ConversationState {
    const { fake } = this.options;
    const modals = this.modals.stack(query.user);
    if (query.channel === 'home') {
      const home = fake.homeView(query.user) ?? null;
      return { messages: [], earlier: 0, ephemerals: [], thread: null, modals, home };
    }
    const channel = query.channel;
    const mine = (ephemeral: FakeEphemeral) => ephemeral.user === query.user;
    const all = fake.messages(channel);
    const topLevel = all.filter(
      (message) => message.thread_ts === undefined || message.thread_ts === message.ts,
    );
    const ephemerals = fake.ephemerals(channel).filter(mine);
    const thread =
      query.thread === undefined
        ? null
        : {
            messages: fake.thread(channel, query.thread),
            ephemerals: ephemerals.filter((ephemeral) => ephemeral.thread_ts === query.thread),
          };
    return {
      messages: topLevel.slice(-query.limit),
      earlier: Math.max(0, topLevel.length - query.limit),
      ephemerals: ephemerals.filter((ephemeral) => ephemeral.thread_ts === undefined),
      thread,
      modals,
      home: null,
    };
  }

  /** A file the app uploaded and shared (a chart, an export), with the type it is served as. */
  file(id: string): { name: string; bytes: Buffer; contentType: string } | undefined {
    const file = this.options.fake.file(id);
    if (!file?.completed || !file.bytes) return undefined;
    const contentType = file.name.endsWith('.png') ? 'image/png' : 'application/octet-stream';
    return { name: file.name, bytes: file.bytes, contentType };
  }

  private currentRequests(): SlackRequests {
    if (!this.requests) throw new Error('the sandbox desk is not running');
    return this.requests;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
