import { describe, expect, it } from 'vitest';
import { NotFoundError, PermissionDeniedError, ValidationError } from '../../src/core/errors.js';
import { luca, maria, openSimple, paolo, student, useTestDesk } from '../support/desk.js';

const t = useTestDesk();

describe('personal responses', () => {
  it('belong to their operator: offered, used and deleted by them only', async () => {
    const number = (await openSimple(t)).ticket.number;
    await t.desk.sendReply(maria, number, {
      body: 'Riavvii il portatile.',
      saveAs: { title: '  Riavvio   portatile ', language: 'it' },
    });
    const [saved] = (await t.desk.operatorResponses(maria)).personal;
    expect(saved).toMatchObject({
      title: 'Riavvio portatile',
      bodyIt: 'Riavvii il portatile.',
      bodyEn: null,
    });
    const id = saved?.id ?? 0;
    expect(await t.desk.responseChoices(maria, number)).toEqual([
      { id, title: 'Riavvio portatile', personal: true },
    ]);

    // Another operator neither sees nor deletes it; Paolo does not work the helpdesk at all.
    expect((await t.desk.operatorResponses(luca)).personal).toEqual([]);
    await expect(t.desk.deletePersonalResponse(luca, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.desk.responseChoices(paolo, number)).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(t.desk.responseForTicket(student, number, id)).rejects.toBeInstanceOf(PermissionDeniedError);

    const used = await t.desk.responseForTicket(maria, number, id);
    expect(used.context.values).toMatchObject({ ticket_number: number, operator: 'Maria Rossi' });
    await expect(
      t.desk.sendReply(maria, number, { body: 'x', saveAs: { title: ' ', language: 'en' } }),
    ).rejects.toBeInstanceOf(ValidationError);

    expect((await t.desk.deletePersonalResponse(maria, id)).title).toBe('Riavvio portatile');
    await expect(t.desk.sendReply(maria, number, { body: 'y', responseId: id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('tags', () => {
  it('are normalised, capped, kept for staff only and found by tag:', async () => {
    const number = (await openSimple(t)).ticket.number;
    expect(await t.desk.setTicketTags(maria, number, ['  Rete  Wi-Fi ', 'rete-wi-fi', 'VPN!', ''])).toEqual([
      'rete-wi-fi',
      'vpn',
    ]);
    expect((await t.desk.getTicket(maria, number)).tags).toEqual(['rete-wi-fi', 'vpn']);
    expect((await t.desk.getTicket(student, number)).tags).toEqual([]);
    await expect(t.desk.setTicketTags(student, number, ['x'])).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(
      t.desk.setTicketTags(
        maria,
        number,
        Array.from({ length: 21 }, (_, i) => `t${i}`),
      ),
    ).rejects.toBeInstanceOf(ValidationError);

    const found = await t.desk.ticketSearch(maria, 'tag:VPN');
    expect(found.tickets.map((ticket) => ticket.number)).toEqual([number]);
    expect((await t.desk.ticketSearch(maria, 'tag:vpn eduroam')).tickets).toHaveLength(1);
    expect((await t.desk.ticketSearch(maria, 'tag:vpn stampante')).tickets).toHaveLength(0);
    await expect(t.desk.ticketSearch(paolo, 'tag:vpn')).resolves.toMatchObject({ tickets: [] });
    expect(await t.desk.tagChoices(maria, number)).toEqual({ current: ['rete-wi-fi', 'vpn'], suggested: [] });
  });
});
