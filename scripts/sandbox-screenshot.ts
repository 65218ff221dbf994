/**
 * The README's picture of the sandbox: `npx tsx scripts/sandbox-screenshot.ts` plays a short scene in Debian's
 * Chromium (a student opens a ticket, an operator claims it and answers) and writes docs/sandbox.png.
 */
import { openSandbox } from '../test/support/sandbox-browser.js';

const OUTPUT = 'docs/sandbox.png';

const sandbox = await openSandbox({ width: 1280, height: 760 });
const { page } = sandbox;
try {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await page.getByLabel('You are').selectOption({ label: 'Giulia Esposito (student)' });
  await composer.fill('/ticket La stampante del terzo piano non stampa');
  await composer.press('Enter');
  const form = page.getByRole('dialog', { name: 'Nuovo ticket' });
  await form.getByLabel('Coda').selectOption({ label: 'Helpdesk informatico' });
  await form
    .getByLabel('Descrizione')
    .fill('Da stamattina la stampante vicino all’aula 12 non esce nessun foglio.');
  await form.getByRole('button', { name: 'Apri ticket' }).click();
  await form.waitFor({ state: 'detached' });

  await page
    .getByLabel('You are')
    .selectOption({ label: 'Maria Rossi (admin; operator, Helpdesk informatico)' });
  await page.getByRole('navigation').getByRole('button', { name: '# helpdesk' }).click();
  const card = page.locator('#messages article.message').filter({ hasText: 'La stampante del terzo piano' });
  await card.getByRole('button', { name: 'Prendi in carico' }).click();
  await card.getByRole('button', { name: 'Rilascia' }).waitFor();
  await card.getByRole('button', { name: 'Rispondi' }).click();
  const reply = page.getByRole('dialog', { name: 'Rispondi al cliente' });
  await reply
    .getByLabel('Messaggio al cliente')
    .fill('Ciao Giulia, il toner è esaurito: lo sostituiamo entro un’ora.');
  await reply.getByRole('button', { name: 'Invia' }).click();
  await reply.waitFor({ state: 'detached' });
  await card.getByRole('button', { name: /repl/ }).click();
  await page.getByRole('complementary', { name: 'Thread' }).getByText('il toner è esaurito').waitFor();
  await page.screenshot({ path: OUTPUT });
  console.log(`wrote ${OUTPUT}`);
} finally {
  await sandbox.stop();
}
