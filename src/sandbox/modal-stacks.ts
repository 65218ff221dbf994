import type { FakeSlack, FakeView } from '../fake-slack/fake-slack.js';

/**
 * Which modals each person has open. Slack ties a modal to the person through the trigger_id of what they
 * did; the sandbox hands out those triggers, so it can tell whose each opened (or pushed) view is.
 */
export class ModalStacks {
  private triggers: { triggerId: string; userId: string }[] = [];
  private readonly closed = new Set<string>();

  constructor(
    private readonly fake: FakeSlack,
    /** Told when a modal closes: the page shows what was under it. */
    private readonly changed: () => void,
  ) {}

  /** Records that `triggerId` was handed to `userId` with something they did. */
  issued(userId: string, triggerId: string): void {
    this.triggers.push({ triggerId, userId });
  }

  /** The person's open modals, the one on top last. */
  stack(userId: string): FakeView[] {
    const views: FakeView[] = [];
    for (const trigger of this.triggers) {
      if (trigger.userId !== userId) continue;
      const view = this.fake.viewByTrigger(trigger.triggerId);
      if (view && !this.closed.has(view.id)) views.push(view);
    }
    return views;
  }

  /** The open view `viewId` when it is `userId`'s. */
  viewOf(userId: string, viewId: string): FakeView | undefined {
    return this.stack(userId).find((view) => view.id === viewId);
  }

  close(viewId: string): void {
    this.closed.add(viewId);
    this.changed();
  }

  closeAll(userId: string): void {
    for (const view of this.stack(userId)) this.closed.add(view.id);
    this.changed();
  }

  reset(): void {
    this.triggers = [];
    this.closed.clear();
  }
}
