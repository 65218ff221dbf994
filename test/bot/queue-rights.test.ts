import { describe, expect, it } from 'vitest';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { GIULIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import { openTicketInSlack } from '../support/flows.js';

/** Giulia may only open tickets in helpdesk: OTRS's `create`, which is not `read`. */
const h = useAppHarness(TEST_CONFIG.replace('U0GIULIA01: [read, note]', 'U0GIULIA01: [create]'));

const CHANNEL = 'C0GENERAL1';

/** What Giulia is answered: the command's own reply, or the ephemeral refusal posted after it. */
async function giuliaAsks(text: string): Promise<string> {
  h.fake.reset();
  const response = await h.slack.command({ text, userId: GIULIA, channelId: CHANNEL });
  expect(response.status).toBe(200);
  if (response.body) return messageText(response.json());
  const refusal = await h.fake.waitFor(() => h.fake.ephemerals(CHANNEL).find((e) => e.user === GIULIA));
  return messageText(refusal);
}

describe('an operator with only the create right', () => {
  it('is refused the ticket, finds nothing and cannot export the queue', async () => {
    const number = await openTicketInSlack(h, STUDENT, { subject: 'Stampante del terzo piano' });

    const shown = await giuliaAsks(number);
    expect(shown).toContain('Non hai il permesso');
    expect(shown).not.toContain('Stampante');

    const found = await giuliaAsks('search stampante');
    expect(found).toContain('Non hai il permesso');
    expect(found).not.toContain(number);

    const exported = await giuliaAsks('export helpdesk');
    expect(exported).toContain('Non hai il permesso');
    expect(h.fake.files()).toEqual([]);
  });
});
