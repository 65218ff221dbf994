import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '../../src/core/errors.js';
import { queueKeyOf } from '../../src/core/model.js';
import {
  anna,
  createTestDesk,
  giulia,
  luca,
  maria,
  openSimple,
  START,
  TEST_CONFIG,
  type TestDesk,
} from '../support/desk.js';
import { catchError } from '../support/refusals.js';

const TOMORROW = new Date(START.getTime() + 24 * 60 * 60_000);
const period = { from: START, to: TOMORROW };

/** The test desk with Giulia holding `giuliaRights` on helpdesk and Luca only `move` on didattica. */
async function deskWith(giuliaRights: string): Promise<TestDesk> {
  const config = TEST_CONFIG.replace('U0GIULIA01: [read, note]', `U0GIULIA01: [${giuliaRights}]`).replace(
    '{ key: didattica, name: Segreteria didattica, channel: C0DIDATTIC, operators: [U0PAOLO001],',
    '{ key: didattica, name: Segreteria didattica, channel: C0DIDATTIC, operators: [U0PAOLO001], permissions: { U0LUCA0001: [move] },',
  );
  return await createTestDesk(undefined, config);
}

async function expectDenied(action: () => unknown): Promise<void> {
  expect(await catchError(action)).toBeInstanceOf(PermissionDeniedError);
}

describe('rights that do not include reading the queue', () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await deskWith('create');
  });
  afterEach(() => t.close());

  it('create alone lets Giulia open tickets but not read, search or export the queue', async () => {
    const { ticket } = await openSimple(t);
    await expectDenied(() => t.desk.getTicket(giulia, ticket.number));
    await expectDenied(() => t.desk.queueView(giulia, queueKeyOf('helpdesk')));
    await expectDenied(() => t.desk.searchTickets(giulia, 'eduroam'));
    await expectDenied(() => t.desk.statistics(giulia, period));
    await expectDenied(() => t.desk.exportTickets(giulia, { ...period, queueKey: queueKeyOf('helpdesk') }));
    expect(
      (
        await t.desk.openTicket(giulia, {
          queueKey: queueKeyOf('helpdesk'),
          title: 'Projector',
          article: { channel: 'slack', body: 'Broken.' },
        })
      ).ticket.queueId,
    ).toBe(ticket.queueId);
  });

  it('move alone does not let Luca read didattica', async () => {
    const { ticket } = await openSimple(t, undefined, 'didattica', 'Exam booking');
    await expectDenied(() => t.desk.getTicket(luca, ticket.number));
    expect(await t.desk.searchTickets(luca, 'exam')).toEqual([]);
  });
});

describe('statistics and export', () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await deskWith('read, note, owner, priority, close');
  });
  afterEach(() => t.close());

  it('are refused to an operator who only reads and works the queue', async () => {
    const { ticket } = await openSimple(t);
    expect((await t.desk.getTicket(giulia, ticket.number)).view).toBe('staff');
    expect((await t.desk.searchTickets(giulia, 'eduroam')).map((x) => x.number)).toEqual([ticket.number]);
    await expectDenied(() => t.desk.statistics(giulia, period));
    await expectDenied(() => t.desk.exportTickets(giulia, { ...period, queueKey: queueKeyOf('helpdesk') }));
  });

  it('are granted by rw, and to admins', async () => {
    const { ticket } = await openSimple(t);
    expect(
      (await t.desk.statistics(maria, { ...period, queueKey: queueKeyOf('helpdesk') })).openedInPeriod,
    ).toBe(1);
    expect(
      (await t.desk.exportTickets(maria, { ...period, queueKey: queueKeyOf('helpdesk') })).rows.map(
        (r) => r.number,
      ),
    ).toEqual([ticket.number]);
    expect((await t.desk.exportTickets(anna, period)).rows.map((r) => r.number)).toEqual([ticket.number]);
  });

  it('are granted by stats alone, which does not let one read tickets', async () => {
    const desk = await deskWith('stats');
    try {
      const { ticket } = await openSimple(desk);
      expect(
        (await desk.desk.statistics(giulia, { ...period, queueKey: queueKeyOf('helpdesk') })).openedInPeriod,
      ).toBe(1);
      expect(
        (await desk.desk.exportTickets(giulia, { ...period, queueKey: queueKeyOf('helpdesk') })).rows.map(
          (r) => r.number,
        ),
      ).toEqual([ticket.number]);
      await expectDenied(() => desk.desk.getTicket(giulia, ticket.number));
    } finally {
      await desk.close();
    }
  });
});
