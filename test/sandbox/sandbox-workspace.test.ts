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

const GIULIA = 'Giulia Esposito (student)';
const MARIA = 'Maria Rossi (admin; operator, Helpdesk informatico)';

describe('the sandbox workspace', () => {
  it("shows a command's answer only to the person who typed it", async () => {
    await be(page, GIULIA);
    await openChannel(page, 'general');
    await say(page, '/ticket help');
    const answer = message(page, 'Only visible to you');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('Sportello: l’help desk');

    await be(page, MARIA);
    await openChannel(page, 'general');
    await expect.poll(() => page.locator('#messages').textContent()).toContain('No messages yet.');
    await say(page, '/biglietto 3');
    await expect
      .poll(() => message(page, 'Only visible to you').textContent())
      .toContain('/biglietto is not a valid command.');
  });

  it("shows the app's refusal of a form under its field, keeping what was typed", async () => {
    await be(page, GIULIA);
    await page.getByRole('button', { name: 'Sportello', exact: true }).click();
    await say(page, '/ticket');
    const form = page.getByRole('dialog', { name: 'Nuovo ticket' });
    await form.getByLabel('Coda').selectOption({ label: 'Helpdesk informatico' });
    await form.getByLabel('Oggetto').fill('   ');
    await form.getByLabel('Descrizione').fill('Il badge non apre la porta della biblioteca.');
    await form.getByRole('button', { name: 'Apri ticket' }).click();
    await expect.poll(() => form.getByRole('alert').allTextContents()).toEqual(['«Oggetto» è vuoto.']);
    expect(await form.getByLabel('Descrizione').inputValue()).toBe(
      'Il badge non apre la porta della biblioteca.',
    );
    await form.getByRole('button', { name: 'Annulla' }).click();
    await form.waitFor({ state: 'detached' });
  });

  it("opens a ticket from someone's message with the message shortcut", async () => {
    await be(page, GIULIA);
    await openChannel(page, 'general');
    await say(page, "Il proiettore dell'aula 5 non si accende");
    const written = message(page, "Il proiettore dell'aula 5 non si accende");
    await written.waitFor();
    await written.getByLabel('More actions').click();
    await written.getByRole('menuitem', { name: 'Open a ticket from this message' }).click();

    const form = page.getByRole('dialog', { name: 'Nuovo ticket' });
    expect(await form.getByLabel('Descrizione').inputValue()).toContain(
      "Il proiettore dell'aula 5 non si accende",
    );
    await form.getByLabel('Coda').selectOption({ label: 'Helpdesk informatico' });
    await form.getByLabel('Oggetto').fill('Proiettore aula 5');
    await form.getByRole('button', { name: 'Apri ticket' }).click();
    await form.waitFor({ state: 'detached' });

    await be(page, MARIA);
    await openChannel(page, 'helpdesk');
    await message(page, 'Proiettore aula 5').waitFor();
  });

  it("runs the app's global shortcut from the composer's shortcuts menu; Escape closes its form", async () => {
    await be(page, GIULIA);
    await page.getByRole('button', { name: 'Sportello', exact: true }).click();
    await page.getByLabel('Shortcuts').click();
    await page.getByRole('menuitem', { name: 'New ticket' }).click();
    const form = page.getByRole('dialog', { name: 'Nuovo ticket' });
    await form.waitFor();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
  });

  it('counts reactions per person, and each person can take theirs back', async () => {
    await be(page, MARIA);
    await openChannel(page, 'general');
    const written = message(page, "Il proiettore dell'aula 5 non si accende");
    await written.getByLabel('More actions').click();
    await written.getByRole('menuitem', { name: 'React ✅' }).click();
    const reaction = written.getByRole('button', { name: /✅/ });
    await expect.poll(() => reaction.textContent()).toBe('✅ 1');

    await be(page, GIULIA);
    await openChannel(page, 'general');
    await expect.poll(() => reaction.textContent()).toBe('✅ 1');
    await reaction.click();
    await expect.poll(() => reaction.textContent()).toBe('✅ 2');
    await reaction.click();
    await expect.poll(() => reaction.textContent()).toBe('✅ 1');
  });

  it("shows the app's Home tab, and its button opens the new-ticket form", async () => {
    await be(page, GIULIA);
    await page.getByRole('navigation').getByRole('button', { name: 'Sportello', exact: true }).click();
    await page.getByRole('tab', { name: 'Home' }).click();
    await expect.poll(() => page.locator('#messages').textContent()).toContain('Ti serve aiuto?');
    expect(await page.locator('#messages').textContent()).toContain('Proiettore aula 5');
    await page.locator('#messages').getByRole('button', { name: 'Nuovo ticket' }).click();
    const form = page.getByRole('dialog', { name: 'Nuovo ticket' });
    await form.waitFor();
    await form.getByRole('button', { name: 'Annulla' }).click();
    await form.waitFor({ state: 'detached' });
  });

  it("updates live: a second person's tab shows a new ticket's card without being touched", async () => {
    const watcher = await sandbox.newPage();
    try {
      await watcher.getByLabel('You are').selectOption({ label: MARIA });
      await watcher.getByRole('navigation').getByRole('button', { name: '# helpdesk' }).click();
      await expect.poll(() => watcher.locator('#conversation-title').textContent()).toBe('# helpdesk');

      await be(page, GIULIA);
      await page.getByRole('button', { name: 'Sportello', exact: true }).click();
      await say(page, '/ticket Il Wi-Fi della mensa è lentissimo');
      const form = page.getByRole('dialog', { name: 'Nuovo ticket' });
      await form.getByLabel('Coda').selectOption({ label: 'Helpdesk informatico' });
      await form.getByLabel('Descrizione').fill('Da lunedì a pranzo non si carica nulla.');
      await form.getByRole('button', { name: 'Apri ticket' }).click();

      await watcher
        .locator('#messages article.message')
        .filter({ hasText: 'Il Wi-Fi della mensa è lentissimo' })
        .waitFor();
    } finally {
      await watcher.close();
    }
  });

  it("shows the chart /ticket stats uploads to the operator's DM, and offers /ticket export's CSV", async () => {
    await be(page, MARIA);
    await openChannel(page, 'general');
    await say(page, '/ticket stats');
    await say(page, '/ticket export');
    await page.getByRole('navigation').getByRole('button', { name: 'Sportello', exact: true }).click();
    const chart = page.locator('#messages figure.file img');
    await chart.waitFor();
    await expect
      .poll(() => chart.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(100);
    const csv = page.locator('#messages a.file');
    await csv.waitFor();
    expect(await csv.textContent()).toMatch(/^📎 .+\.csv$/);
    const download = await page.request.get(
      new URL((await csv.getAttribute('href')) ?? '', sandbox.url).href,
    );
    expect(download.headers()['content-disposition']).toMatch(/^attachment/);
    expect(await download.text()).toContain('Proiettore aula 5');
  });

  it('stays responsive with 1,000 messages in a channel', async () => {
    await be(page, GIULIA);
    const user = await page.getByLabel('You are').inputValue();
    for (let start = 0; start < 1000; start += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          page.request.post(new URL('/api/say', sandbox.url).href, {
            data: { user, channel: 'C0GENERAL01', text: `Messaggio numero ${start + i + 1}` },
          }),
        ),
      );
    }
    const opened = Date.now();
    await openChannel(page, 'general');
    await message(page, 'Messaggio numero 1000').waitFor();
    expect(Date.now() - opened).toBeLessThan(3_000);
    const shown = page.locator('#messages article.message:not(.ephemeral)');
    expect(await shown.count()).toBe(200);
    await page.getByRole('button', { name: /Show earlier messages \(\d+\)/ }).click();
    await expect.poll(() => shown.count()).toBe(400);

    const sent = Date.now();
    await say(page, 'Ancora uno');
    await message(page, 'Ancora uno').waitFor();
    expect(Date.now() - sent).toBeLessThan(1_500);
  }, 60_000);

  it('starts over: every message and ticket gone', async () => {
    await page.getByRole('button', { name: 'Start over' }).click();
    await expect
      .poll(() => page.locator('#messages').textContent(), { timeout: 10_000 })
      .toContain('No messages yet.');
    await openChannel(page, 'helpdesk');
    await expect.poll(() => page.locator('#messages').textContent()).toContain('No messages yet.');
    expect(sandbox.pageErrors).toEqual([]);
  });
});
