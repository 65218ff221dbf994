import type { FakeSlack, JsonValue } from '../fake-slack/fake-slack.js';
import type {
  BlockActionInput,
  MessageInput,
  SlackRequests,
  SlackResponse,
  ViewValuesInput,
} from '../fake-slack/slack-requests.js';
import type { AppFeatures } from './app-manifest.js';
import type { ModalStacks } from './modal-stacks.js';

/** An element's value as the page read it, in the shape Slack puts into `actions[0]`. */
export interface ActionInput {
  actionId: string;
  blockId: string;
  type: string;
  value?: string;
  selectedOption?: { value: string; text?: string };
  selectedUser?: string;
  selectedDate?: string;
}

/** Where an element was pressed: a message (or someone's ephemeral message), or an open view. */
export type ActionPlace =
  | { channel: string; messageTs: string; ephemeral?: boolean }
  | { viewId: string; values?: ViewValuesInput };

/** What a form's submission came to: closed, or kept open with an error per block. */
export type SubmissionOutcome = { closed: true } | { closed: false; errors: Record<string, string> };

/**
 * What a person does in the sandbox workspace, sent to the app the way Slack sends it (signed requests to
 * its receiver), with Slack's part of the answer applied: a command's reply shown only to its author, a
 * form closed or kept open with its errors.
 */
export class PersonActions {
  constructor(
    private readonly fake: FakeSlack,
    private readonly requests: () => SlackRequests,
    private readonly modals: ModalStacks,
    private readonly features: AppFeatures,
  ) {}

  /** The composer: a slash command, or a message (in a thread when `threadTs`). */
  async say(userId: string, channel: string, text: string, threadTs?: string): Promise<void> {
    const command = /^(\/\S+)\s*([\s\S]*)$/.exec(text.trim());
    if (command) {
      await this.command(userId, channel, command[1] as string, command[2] as string, threadTs);
      return;
    }
    const parent = threadTs === undefined ? undefined : this.fake.message(channel, threadTs);
    const message = this.fake.addMessage(channel, {
      user: userId,
      text,
      ...(threadTs !== undefined && { thread_ts: threadTs }),
    });
    await this.requests().messageEvent({
      channel,
      user: userId,
      text,
      ts: message.ts,
      ...(threadTs !== undefined && { threadTs, parentUserId: parent?.user ?? userId }),
    });
  }

  private async command(userId: string, channel: string, name: string, text: string, threadTs?: string) {
    const tell = (reply: { text?: string; blocks?: JsonValue[] }) =>
      this.fake.addEphemeral({
        channel,
        user: userId,
        ...reply,
        ...(threadTs !== undefined && { thread_ts: threadTs }),
      });
    if (!this.features.commands.some((command) => command.command === name)) {
      tell({ text: `${name} is not a valid command.` });
      return;
    }
    const response = await this.requests().command({
      command: name,
      text,
      userId,
      channelId: channel,
      triggerId: this.trigger(userId),
    });
    const reply = answerOf(response);
    if (reply === 'failed') tell({ text: `${name} failed with the error "dispatch_failed"` });
    else if (reply) tell(reply);
  }

  async act(userId: string, place: ActionPlace, action: ActionInput): Promise<void> {
    const input: BlockActionInput = {
      userId,
      actionId: action.actionId,
      blockId: action.blockId,
      type: action.type,
      triggerId: this.trigger(userId),
      ...(action.value !== undefined && { value: action.value }),
      ...(action.selectedOption && { selectedOption: action.selectedOption }),
      ...(action.selectedUser && { selectedUser: action.selectedUser }),
      ...(action.selectedDate && { selectedDate: action.selectedDate }),
    };
    if ('viewId' in place) {
      const view = this.modals.viewOf(userId, place.viewId) ?? this.homeOf(userId, place.viewId);
      if (!view) return;
      await this.requests().blockAction({ ...input, view, ...(place.values && { values: place.values }) });
      return;
    }
    const message = this.messageFor(userId, place.channel, place.messageTs, place.ephemeral === true);
    if (!message) return;
    await this.requests().blockAction({
      ...input,
      channelId: place.channel,
      message,
      isEphemeral: place.ephemeral === true,
    });
  }

  async submit(userId: string, viewId: string, values: ViewValuesInput): Promise<SubmissionOutcome> {
    const view = this.modals.viewOf(userId, viewId);
    if (!view) return { closed: true };
    const response = await this.requests().viewSubmission({ userId, view, values });
    const answer =
      response.body === '' ? {} : response.json<{ response_action?: string; errors?: unknown }>();
    if (answer.response_action === 'errors' && isStringRecord(answer.errors)) {
      return { closed: false, errors: answer.errors };
    }
    if (answer.response_action === 'clear') this.modals.closeAll(userId);
    else this.modals.close(viewId);
    return { closed: true };
  }

  async closeView(userId: string, viewId: string): Promise<void> {
    const view = this.modals.viewOf(userId, viewId);
    if (!view) return;
    this.modals.close(viewId);
    if (view.notify_on_close) await this.requests().viewClosed({ userId, view });
  }

  async shortcut(userId: string, channel: string, messageTs: string, callbackId: string): Promise<void> {
    const message = this.fake.message(channel, messageTs);
    if (!message || !this.features.shortcuts.some((shortcut) => shortcut.callbackId === callbackId)) return;
    await this.requests().messageShortcut({
      userId,
      callbackId,
      channelId: channel,
      message,
      triggerId: this.trigger(userId),
    });
  }

  async globalShortcut(userId: string, callbackId: string): Promise<void> {
    if (!this.features.shortcuts.some((shortcut) => shortcut.callbackId === callbackId)) return;
    await this.requests().globalShortcut({ userId, callbackId, triggerId: this.trigger(userId) });
  }

  /** Adds the reaction, or takes it back when the person had already reacted so. */
  async react(userId: string, channel: string, ts: string, name: string): Promise<void> {
    const added = this.fake.react(channel, ts, name, userId, true);
    if (!added) this.fake.react(channel, ts, name, userId, false);
    await this.requests().event({
      type: added ? 'reaction_added' : 'reaction_removed',
      user: userId,
      reaction: name,
      item: { type: 'message', channel, ts },
      item_user: this.fake.message(channel, ts)?.user ?? userId,
    });
  }

  async openHome(userId: string): Promise<void> {
    const home = this.fake.homeView(userId);
    await this.requests().appHomeOpened(userId, home ? { view: home } : {});
  }

  private homeOf(userId: string, viewId: string) {
    const home = this.fake.homeView(userId);
    return home?.id === viewId ? home : undefined;
  }

  private messageFor(
    userId: string,
    channel: string,
    ts: string,
    ephemeral: boolean,
  ): MessageInput | undefined {
    if (!ephemeral) return this.fake.message(channel, ts);
    const found = this.fake
      .ephemerals(channel)
      .find((message) => message.user === userId && message.message_ts === ts);
    return found && { ts: found.message_ts, text: found.text, blocks: found.blocks };
  }

  private trigger(userId: string): string {
    const triggerId = this.requests().triggerId();
    this.modals.issued(userId, triggerId);
    return triggerId;
  }
}

/** A command's synchronous answer: a message for its author, nothing, or a failure Slack would report. */
function answerOf(response: SlackResponse): { text?: string; blocks?: JsonValue[] } | undefined | 'failed' {
  if (response.status !== 200) return 'failed';
  if (response.body === '') return undefined;
  const answer = response.json<{ text?: JsonValue; blocks?: JsonValue }>();
  return {
    ...(typeof answer.text === 'string' && { text: answer.text }),
    ...(Array.isArray(answer.blocks) && { blocks: answer.blocks }),
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === 'object' &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}
