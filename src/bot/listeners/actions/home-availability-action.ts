import { slackUserIdOf } from '../../../core/model.js';
import type { BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { withRefusals } from '../../with-refusals.js';
import { publishHome } from '../events/app-home-opened.js';

/**
 * App Home's away / back toggle: away until they say they are back (a time is given with `/ticket away`),
 * then App Home is published again to show it. A refusal is told by DM.
 */
export function homeAvailabilityAction(deps: BotDeps, away: boolean) {
  const presser = (args: BlockActionArgs) => ({ userId: slackUserIdOf(args.body.user.id) });
  return withRefusals(deps, presser, async (args: BlockActionArgs, to) => {
    await args.ack();
    const actor = { kind: 'slack', userId: to.userId } as const;
    if (away) await deps.desk.setAway(actor, null);
    else await deps.desk.setBack(actor);
    await publishHome(deps, args.client, to.userId);
  });
}
