import { translator } from '../../../i18n/index.js';
import { buildAppHome } from '../../../views/app-home.js';
import { actionTicketNumber, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { withRefusals } from '../../with-refusals.js';
import { homeData } from '../events/app-home-opened.js';

/**
 * "Still a problem" on a request App Home lists as recently closed: the desk reopens it or opens a new ticket
 * linked to it, as its queue says (or refuses, where the queue takes nothing back), and App Home is redrawn.
 */
export function stillAProblemAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    const locale = await deps.users.locale(to.userId);
    await deps.desk.reportStillAProblem({ kind: 'slack', userId: to.userId }, actionTicketNumber(args), {
      body: translator(locale)('home.stillAProblemArticle'),
    });
    deps.deliverNow();
    await args.client.views.publish({
      user_id: to.userId,
      view: buildAppHome(await homeData(deps, to.userId)),
    });
  });
}
