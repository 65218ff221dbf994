import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandbox, type SandboxInBrowser } from '../support/sandbox-browser.js';

/**
 * The page's Block Kit renderer, in the browser, on messages at Slack's limits (../shared/slack-reference/
 * block-kit-limits.md) and on hostile text: what shows is checked as a person would read it.
 */

let sandbox: SandboxInBrowser;
let page: Page;

beforeAll(async () => {
  sandbox = await openSandbox();
  page = sandbox.page;
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
});

/**
 * Renders `blocks` into a fresh element of the page with the page's own renderer; returns its selector. The
 * script is text: it runs in the page as written (the test runner would rewrite a function's `import()`).
 */
async function render(blocks: unknown[]): Promise<string> {
  await page.evaluate(`(async (blocks) => {
    const { renderBlocks } = await import('/page/blocks.js');
    const names = {
      userName: (id) => (id === 'U0GESPOS01' ? 'Giulia Esposito' : id),
      channelName: (id) => (id === 'C0HELPDESK1' ? 'helpdesk' : id),
      users: [{ id: 'U0GESPOS01', name: 'Giulia Esposito' }],
      channels: [{ id: 'C0HELPDESK1', name: 'helpdesk' }],
    };
    document.getElementById('rendered')?.remove();
    const host = document.createElement('div');
    host.id = 'rendered';
    host.append(renderBlocks(blocks, { names, act: () => {} }));
    document.body.append(host);
  })(${JSON.stringify(blocks)})`);
  return '#rendered';
}

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

describe('Block Kit on the page', () => {
  it('renders a message at the limits: 50 blocks, 10 fields of 2,000 characters, 25 buttons, 100 options', async () => {
    const field = (i: number) => mrkdwn(`*Campo ${i}* ${'x'.repeat(1990)}`);
    const blocks = [
      { type: 'header', text: plain('H'.repeat(150)) },
      {
        type: 'section',
        text: mrkdwn('t'.repeat(3000)),
        fields: Array.from({ length: 10 }, (_, i) => field(i)),
      },
      {
        type: 'actions',
        elements: Array.from({ length: 25 }, (_, i) => ({
          type: 'button',
          action_id: `b${i}`,
          text: plain(`Bottone ${i}`.padEnd(75, '.')),
        })),
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'static_select',
            action_id: 's',
            placeholder: plain('Scegli'),
            options: Array.from({ length: 100 }, (_, i) => ({ text: plain(`Opzione ${i}`), value: `v${i}` })),
          },
          {
            type: 'overflow',
            action_id: 'o',
            options: Array.from({ length: 5 }, (_, i) => ({ text: plain(`Voce ${i}`), value: `o${i}` })),
          },
        ],
      },
      { type: 'context', elements: Array.from({ length: 10 }, (_, i) => mrkdwn(`nota ${i}`)) },
      ...Array.from({ length: 45 }, (_, i) => ({ type: 'divider', block_id: `d${i}` })),
    ];
    expect(blocks).toHaveLength(50);
    const at = await render(blocks);
    const shown = page.locator(at);
    expect(await shown.getByRole('heading').textContent()).toBe('H'.repeat(150));
    expect(await shown.locator('.fields > div').count()).toBe(10);
    expect(await shown.locator('.fields > div').first().textContent()).toBe(`Campo 0 ${'x'.repeat(1990)}`);
    expect(await shown.getByRole('button').count()).toBe(25);
    expect(await shown.getByRole('combobox', { name: 'Scegli' }).locator('option').count()).toBe(101);
    expect(await shown.getByRole('combobox', { name: 'More' }).locator('option').allTextContents()).toEqual([
      '⋯',
      'Voce 0',
      'Voce 1',
      'Voce 2',
      'Voce 3',
      'Voce 4',
    ]);
    expect(await shown.locator('.block-context span').count()).toBe(10);
    expect(await shown.locator('hr').count()).toBe(45);
  });

  it("shows mrkdwn as Slack does and people's text as text: no markup, no script, no ping", async () => {
    const at = await render([
      {
        type: 'section',
        text: mrkdwn('*grassetto* _corsivo_ ~barrato~ `codice` <https://ateneo.example/x|il link>'),
      },
      {
        type: 'section',
        text: mrkdwn('&lt;script&gt;alert(1)&lt;/script&gt; &amp; <!channel> <@U0GESPOS01> <#C0HELPDESK1>'),
      },
      { type: 'section', text: plain('<b>non grassetto</b> *non grassetto*') },
      { type: 'section', text: mrkdwn('&gt; citazione\n```riga 1\nriga 2```') },
    ]);
    const shown = page.locator(at);
    expect(await shown.locator('strong').first().textContent()).toBe('grassetto');
    expect(await shown.locator('em').textContent()).toBe('corsivo');
    expect(await shown.locator('s').textContent()).toBe('barrato');
    expect(await shown.locator('code').textContent()).toBe('codice');
    expect(await shown.getByRole('link', { name: 'il link' }).getAttribute('href')).toBe(
      'https://ateneo.example/x',
    );
    const hostile = shown.locator('.block-section').nth(1);
    expect(await hostile.textContent()).toBe(
      '<script>alert(1)</script> & @channel @Giulia Esposito #helpdesk',
    );
    expect(await hostile.locator('script').count()).toBe(0);
    expect(await shown.locator('.block-section').nth(2).textContent()).toBe(
      '<b>non grassetto</b> *non grassetto*',
    );
    expect(await shown.locator('blockquote').textContent()).toBe('citazione');
    expect(await shown.locator('pre').textContent()).toBe('riga 1\nriga 2');
  });

  it('renders rich text, and images only from this page: an outside image shows its description instead', async () => {
    const at = await render([
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'Ciao ', style: { bold: true } },
              { type: 'user', user_id: 'U0GESPOS01' },
              { type: 'emoji', name: 'wave', unicode: '1f44b' },
            ],
          },
          {
            type: 'rich_text_list',
            style: 'ordered',
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'primo' }] }],
          },
          { type: 'rich_text_quote', elements: [{ type: 'text', text: 'citato' }] },
        ],
      },
      { type: 'image', image_url: 'https://tracker.example/pixel.png', alt_text: 'grafico della settimana' },
    ]);
    const shown = page.locator(at);
    expect(await shown.locator('.rich-section').first().textContent()).toBe('Ciao @Giulia Esposito👋');
    expect(await shown.locator('strong').textContent()).toBe('Ciao ');
    expect(await shown.locator('ol li').textContent()).toBe('primo');
    expect(await shown.locator('blockquote').textContent()).toBe('citato');
    expect(await shown.locator('img').count()).toBe(0);
    expect(await shown.textContent()).toContain('grafico della settimana');
    expect(sandbox.requests.some((url) => url.includes('tracker.example'))).toBe(false);
  });

  it('renders a modal at its limit of 100 blocks with every input the desk uses', async () => {
    const input = (id: string, element: Record<string, unknown>) => ({
      type: 'input',
      block_id: id,
      label: plain(`Etichetta ${id}`),
      element: { action_id: id, ...element },
    });
    const options = [
      { text: plain('uno'), value: '1' },
      { text: plain('due'), value: '2' },
    ];
    const blocks = [
      input('testo', {
        type: 'plain_text_input',
        multiline: true,
        max_length: 3000,
        initial_value: 'già scritto',
      }),
      input('scelta', { type: 'static_select', options, initial_option: options[1] }),
      input('persona', { type: 'users_select', initial_user: 'U0GESPOS01' }),
      input('giorno', { type: 'datepicker', initial_date: '2026-12-24' }),
      input('ora', { type: 'timepicker', initial_time: '09:30' }),
      input('esito', { type: 'radio_buttons', options, initial_option: options[0] }),
      input('conferma', { type: 'checkboxes', options }),
      ...Array.from({ length: 93 }, (_, i) => ({ type: 'section', text: plain(`riga ${i}`) })),
    ];
    expect(blocks).toHaveLength(100);
    const shown = page.locator(await render(blocks));
    expect(await shown.getByLabel('Etichetta testo').inputValue()).toBe('già scritto');
    expect(await shown.getByLabel('Etichetta testo').getAttribute('maxlength')).toBe('3000');
    expect(await shown.getByLabel('Etichetta scelta').inputValue()).toBe('2');
    expect(await shown.getByLabel('Etichetta persona').inputValue()).toBe('U0GESPOS01');
    expect(await shown.getByLabel('Etichetta giorno').inputValue()).toBe('2026-12-24');
    expect(await shown.getByLabel('Etichetta ora').inputValue()).toBe('09:30');
    expect(
      await shown
        .getByRole('radiogroup', { name: 'Etichetta esito' })
        .getByRole('radio', { name: 'uno' })
        .isChecked(),
    ).toBe(true);
    expect(await shown.getByRole('group', { name: 'Etichetta conferma' }).getByRole('checkbox').count()).toBe(
      2,
    );
    expect(await shown.locator('.block-section').count()).toBe(93);
  });
});
