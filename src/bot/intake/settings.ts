import type { QueuesConfig } from '../../config/queues-file.js';
import type { QueueKey } from '../../core/model.js';
import { pleasantryPhrases } from './pleasantries.js';

/** How Slack messages become tickets, read once from the configuration. */
export interface IntakeSettings {
  /** The reaction (Slack's name for it) that opens a ticket from a message. */
  emoji: string;
  /** A request channel's messages of one person this close together make one ticket. */
  groupingWindowMs: number;
  /** The closing phrases of every language, as word lists: messages made only of them open nothing. */
  pleasantries: string[][];
  /** The queue a channel's requests go to: its cards' channel and its request channels. */
  queueOfChannel: ReadonlyMap<string, QueueKey>;
  /** The channels where every top-level message is a request. */
  requestChannels: ReadonlySet<string>;
}

export function intakeSettings(config: Pick<QueuesConfig, 'intake' | 'queues'>): IntakeSettings {
  const queueOfChannel = new Map<string, QueueKey>();
  const requestChannels = new Set<string>();
  for (const queue of config.queues) {
    if (queue.channel) queueOfChannel.set(queue.channel, queue.key);
    for (const channel of queue.intakeChannels) {
      queueOfChannel.set(channel, queue.key);
      requestChannels.add(channel);
    }
  }
  return {
    emoji: config.intake.emoji,
    groupingWindowMs: config.intake.groupingWindowSeconds * 1000,
    pleasantries: pleasantryPhrases(Object.values(config.intake.pleasantries).flat()),
    queueOfChannel,
    requestChannels,
  };
}
