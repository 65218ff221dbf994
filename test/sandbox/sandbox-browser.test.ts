import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  be,
  message,
  openChannel,
  openSandbox,
  type SandboxInBrowser,
  say,
} from '../support/sandbox-browser.js';

let sandbox: SandboxInBrowser;
let page: Page;

beforeAll(async () => {
  sandbox = await openSandbox();
  page = sandbox.page;
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('the sandbox in a browser', () => {
  let ticketNumber = '';

  it('a student opens a ticket with /ticket, and a required field left empty is shown inline', async () => {
    await be(page, 'Giulia Esposito (student)');
    await expect.poll(() => page.locator('#conversation-title').textContent()).toBe('Sportello');
    await say(page, '/ticket La stampante non stampa');

    const form = page.getByRole('dialog', { name: 'Nuovo ticket' });
    await form.waitFor();
    expect(await form.getByLabel('Oggetto').inputValue()).toBe('La stampante non stampa');
    await form.getByRole('button', { name: 'Apri ticket' }).click();
    await expect
      .poll(() => form.getByRole('alert').allTextContents())
      .toEqual(['Please complete this required field.', 'Please complete this required field.']);
    expect(await form.locator('.has-error label').allTextContents()).toEqual(['Coda', 'Descrizione']);

    await form.getByLabel('Coda').selectOption({ label: 'Helpdesk informatico' });
    await form.getByLabel('Descrizione').fill('Dal terzo piano non esce nessun foglio da stamattina.');
    await form.getByRole('button', { name: 'Apri ticket' }).click();
    await form.waitFor({ state: 'detached' });

    const received = message(page, 'Abbiamo ricevuto la tua richiesta');
    await received.waitFor();
    ticketNumber = /Ticket#(\d+)/.exec((await received.textContent()) ?? '')?.[1] ?? '';
    expect(ticketNumber).toMatch(/^\d{16,}$/);
    expect(await received.getByRole('button', { name: 'Risolto' }).isVisible()).toBe(true);
  });

  it("an operator claims, replies and closes it from the card in the queue's channel", async () => {
    await be(page, 'Maria Rossi (admin; operator, Helpdesk informatico)');
    await openChannel(page, 'helpdesk');
    const card = message(page, 'La stampante non stampa');
    await card.waitFor();
    await card.getByRole('button', { name: 'Prendi in carico' }).click();
    await expect.poll(() => card.textContent()).toMatch(/Operatore\s*@Maria Rossi/);

    await card.getByRole('button', { name: 'Rispondi' }).click();
    const reply = page.getByRole('dialog', { name: 'Rispondi al cliente' });
    await reply.getByLabel('Messaggio al cliente').fill('Abbiamo sostituito il toner: riprova ora.');
    await reply.getByRole('button', { name: 'Invia' }).click();
    await reply.waitFor({ state: 'detached' });

    await card.getByRole('button', { name: 'Chiudi' }).click();
    const close = page.getByRole('dialog', { name: 'Chiudi ticket' });
    await close.getByRole('button', { name: 'Chiudi ticket' }).click();
    await close.waitFor({ state: 'detached' });
    await expect.poll(() => card.textContent()).toMatch(/Stato\s*chiuso con successo/);
  });

  it('the student follows it in the thread of their DM: taken in charge, the reply, the closing; and rates it', async () => {
    await be(page, 'Giulia Esposito (student)');
    const received = message(page, 'Abbiamo ricevuto la tua richiesta');
    await received.getByRole('button', { name: '3 replies' }).click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    const posts = thread.locator('article.message');
    await expect.poll(() => posts.count()).toBe(4);
    expect(await posts.nth(1).textContent()).toContain(
      `@Maria Rossi ha preso in carico la tua richiesta Ticket#${ticketNumber}`,
    );
    expect(await posts.nth(2).textContent()).toContain('Abbiamo sostituito il toner: riprova ora.');
    expect(await posts.nth(3).textContent()).toContain(
      `Com’è andata con il Ticket#${ticketNumber}? Basta un clic:`,
    );

    await posts.nth(3).getByRole('button', { name: '★★★★★', exact: true }).click();
    const rated = page.getByRole('dialog', { name: 'La tua valutazione' });
    await rated.waitFor();
    expect(await rated.textContent()).toContain(
      `Grazie per aver valutato il Ticket#${ticketNumber}: ★★★★★ 5/5.`,
    );
    await rated.getByRole('textbox').fill('Velocissimi, grazie!');
    await rated.getByRole('button', { name: 'Invia' }).click();
    await rated.waitFor({ state: 'detached' });
  });

  it("the student's answer in the DM thread reaches the operators in the card's thread", async () => {
    const thread = page.getByRole('complementary', { name: 'Thread' });
    await thread.getByRole('textbox', { name: 'Reply in thread' }).fill('Ora stampa, grazie mille!');
    await thread.getByRole('textbox', { name: 'Reply in thread' }).press('Enter');
    await thread.getByText('Ora stampa, grazie mille!').waitFor();

    await be(page, 'Maria Rossi (admin; operator, Helpdesk informatico)');
    await openChannel(page, 'helpdesk');
    const card = message(page, 'La stampante non stampa');
    await card.getByRole('button', { name: /replies/ }).click();
    await thread.getByText('Ora stampa, grazie mille!').waitFor();
  });

  it("a mail to a queue's address becomes a card, and the desk's answer shows in the mail panel", async () => {
    await page.getByRole('button', { name: 'Mail' }).click();
    const panel = page.getByRole('complementary', { name: 'Mail' });
    await panel.getByLabel('To').selectOption({ label: 'Helpdesk informatico <helpdesk@ateneo.example>' });
    await panel.getByLabel('Subject').fill('Wi-Fi assente in aula 3');
    await panel.getByLabel('Text').fill('Da ieri in aula 3 la rete eduroam non si vede.');
    await panel.getByRole('button', { name: 'Send mail' }).click();

    await be(page, 'Maria Rossi (admin; operator, Helpdesk informatico)');
    await openChannel(page, 'helpdesk');
    await expect.poll(() => message(page, 'La stampante non stampa').textContent()).toContain('★ 5/5');
    const card = message(page, 'Wi-Fi assente in aula 3');
    await card.waitFor();
    const number = /Ticket#(\d+)/.exec((await card.textContent()) ?? '')?.[1];

    // The "received" notice to the sender, threaded under the new ticket's number.
    const thread = panel.locator('.mail-thread').filter({ hasText: 'anna.ferri@example.org' });
    await thread.waitFor();
    expect(await thread.getByRole('heading').textContent()).toBe(`Ticket#${number}`);
    await thread.locator('summary').first().click();
    const eml = thread.getByRole('link', { name: 'Open the .eml' });
    expect(await eml.getAttribute('href')).toMatch(/^\/mail\/.+\.eml$/);
    const download = await page.request.get(
      new URL((await eml.getAttribute('href')) ?? '', sandbox.url).href,
    );
    expect(await download.text()).toContain(`Subject: [Ticket#${number}]`);

    // The customer answers the notice by mail: it lands in the ticket, not in a new one.
    await thread.getByRole('button', { name: 'Reply as anna.ferri@example.org' }).click();
    expect(await panel.getByLabel('Subject').inputValue()).toMatch(new RegExp(`^Re: \\[Ticket#${number}\\]`));
    await panel.getByLabel('Text').fill("Aggiungo: anche l'aula 4 ha lo stesso problema.");
    await panel.getByRole('button', { name: 'Send mail' }).click();
    await card.getByRole('button', { name: /repl/ }).click();
    await page
      .getByRole('complementary', { name: 'Thread' })
      .getByText("Aggiungo: anche l'aula 4 ha lo stesso problema.")
      .waitFor();
    expect(await message(page, /Wi-Fi assente/).count()).toBe(1);
  });

  it('the page asked nothing of any host but this one, and threw no error', () => {
    const elsewhere = sandbox.requests.filter((url) => new URL(url).hostname !== 'localhost');
    expect(elsewhere).toEqual([]);
    expect(sandbox.pageErrors).toEqual([]);
  });
});
