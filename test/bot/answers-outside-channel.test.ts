import { describe, expect, it } from 'vitest';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS } from '../../src/views/ids.js';
import { GIULIA, LUCA, MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import { cardOf, HELPDESK_CHANNEL, openTicketInSlack } from '../support/flows.js';

const OUTSIDER = 'U0STUDENT2';

/**
 * A person pressing a card button in a public queue channel they are not a member of (seen in preview):
 * Slack refuses an ephemeral for them, so they are answered through the interaction's response_url, or by
 * DM when that no longer works.
 */
describe('answers to people not in the channel', () => {
  const h = useAppHarness(TEST_CONFIG);

  async function pressClaimAsOutsider(number: string, responseUrl?: string) {
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    if (!card) throw new Error(`no card of ${number}`);
    h.fake.setMembers(HELPDESK_CHANNEL, [MARIA, LUCA, GIULIA, STUDENT]);
    const response = await h.slack.blockAction({
      userId: OUTSIDER,
      actionId: ACTIONS.claim,
      value: number,
      channelId: HELPDESK_CHANNEL,
      message: card,
      ...(responseUrl ? { responseUrl } : {}),
    });
    expect(response.status).toBe(200);
  }

  it('answers through the response_url, ephemeral, beside the card', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    await pressClaimAsOutsider(number);
    const answer = await h.fake.waitFor(() => h.fake.responses()[0]);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    // Marco reads Italian: he is told he may not claim it, in his words.
    expect(messageText(answer.body)).toContain('Non hai il permesso di prendere in carico');
    expect(h.fake.ephemerals(HELPDESK_CHANNEL).filter((e) => e.user === OUTSIDER)).toHaveLength(0);
    expect(h.fake.messages(h.fake.dmChannelOf(OUTSIDER))).toHaveLength(0);
  });

  it('falls back to a DM when the response_url no longer answers', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const expired = `${h.fake.responseUrlBase.replace(/\/hooks\/$/, '/expired/')}T0/1/x`;
    await pressClaimAsOutsider(number, expired);
    const dm = await h.fake.waitFor(() => h.fake.messages(h.fake.dmChannelOf(OUTSIDER))[0]);
    expect(messageText(dm)).toContain('Non hai il permesso di prendere in carico');
    expect(h.fake.responses()).toHaveLength(0);
  });
});
