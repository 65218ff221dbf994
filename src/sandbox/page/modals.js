// @ts-check
/** The person's open modal, as a dialog: its blocks, Slack's check of required inputs, the app's inline errors. */
import { el, renderBlocks } from './blocks.js';
import { collectValues } from './forms.js';
import { blockContext, byId, page, post } from './page-state.js';

/**
 * @typedef {import('./page-state.js').View} View
 * @typedef {import('./page-state.js').Json} Json
 */

/** @param {View[]} modals */
export function renderModals(modals) {
  const key = modals.map((view) => `${view.id}:${view.hash}`).join(',');
  if (key === page.modalsKey) return;
  page.modalsKey = key;
  const layer = byId('modal-layer');
  const top = modals.at(-1);
  if (!top) {
    layer.replaceChildren();
    return;
  }
  /** @type {HTMLFormElement} */
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'modal-body' }));
  const titleText = (/** @type {Json | undefined} */ text) =>
    text && typeof text.text === 'string' ? text.text : '';
  form.append(renderBlocks(top.blocks, blockContext({ viewId: top.id, form: () => form })));
  const close = el('button', { type: 'button' }, titleText(top.close) || 'Cancel');
  close.addEventListener('click', () => void post('/api/closeView', { user: page.user, viewId: top.id }));
  const footer = el('footer', {}, close);
  if (top.submit) footer.append(el('button', { type: 'submit', class: 'primary' }, titleText(top.submit)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Slack itself refuses a form with a required input left empty; the app never hears of it.
    const empty = missingRequired(form);
    if (Object.keys(empty).length > 0) {
      showErrors(form, empty);
      return;
    }
    const answer = await post('/api/submit', {
      user: page.user,
      viewId: top.id,
      values: collectValues(form),
    });
    if (answer.closed === false) showErrors(form, /** @type {Record<string, string>} */ (answer.errors));
  });
  const dialog = el(
    'div',
    { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'modal-title' },
    el(
      'header',
      {},
      el('h2', { id: 'modal-title' }, titleText(top.title)),
      ...(modals.length > 1 ? [el('span', { class: 'depth' }, `${modals.length} open`)] : []),
    ),
    form,
  );
  form.append(footer);
  // Escape closes the modal, as in Slack.
  dialog.addEventListener('keydown', (event) => {
    if (event instanceof KeyboardEvent && event.key === 'Escape') close.click();
  });
  layer.replaceChildren(el('div', { class: 'backdrop' }, dialog));
  const first = form.querySelector('[data-input]');
  if (first instanceof HTMLElement) first.focus();
}

/** The required inputs left empty, each with Slack's own message. @param {HTMLFormElement} form */
function missingRequired(form) {
  const values = collectValues(form);
  /** @type {Record<string, string>} */
  const errors = {};
  for (const block of form.querySelectorAll('.block-input')) {
    if (!(block instanceof HTMLElement) || block.dataset.optional === 'true') continue;
    const blockId = block.dataset.blockId ?? '';
    const state = Object.values(values[blockId] ?? {})[0] ?? {};
    const filled = Object.entries(state).some(
      ([key, value]) => key !== 'type' && value !== null && !(Array.isArray(value) && value.length === 0),
    );
    if (!filled) errors[blockId] = 'Please complete this required field.';
  }
  return errors;
}

/** Inline errors under their inputs, keeping what was typed. @param {HTMLElement} form @param {Record<string, string>} errors */
function showErrors(form, errors) {
  for (const old of form.querySelectorAll('.block-input .error')) old.remove();
  for (const block of form.querySelectorAll('.block-input')) block.classList.remove('has-error');
  for (const [blockId, message] of Object.entries(errors)) {
    const block = [...form.querySelectorAll('.block-input')].find(
      (node) => node instanceof HTMLElement && node.dataset.blockId === blockId,
    );
    if (!block) continue;
    block.classList.add('has-error');
    block.append(el('div', { class: 'error', role: 'alert' }, message));
  }
}
