import { translator } from '../../../i18n/index.js';
import { actionResponseId, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { responsesMessage } from '../../responses-list.js';
import { withRefusals } from '../../with-refusals.js';

/** "Delete" beside a personal response: the core deletes it only for its owner; the list is shown again. */
export function deleteResponseAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    const deleted = await deps.desk.deletePersonalResponse(
      { kind: 'slack', userId: to.userId },
      actionResponseId(args),
    );
    const t = translator(await deps.users.locale(to.userId));
    const list = await responsesMessage(deps, to.userId, t('responses.deleted', { title: deleted.title }));
    await args.respond({ replace_original: true, response_type: 'ephemeral', ...list });
  });
}
