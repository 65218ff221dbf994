// @ts-check
/** A modal's inputs read back into Slack's `view.state.values` (block id → action id → state). */

/** @typedef {Record<string, Record<string, Record<string, unknown>>>} StateValues */

/**
 * @param {ParentNode} form
 * @returns {StateValues}
 */
export function collectValues(form) {
  /** @type {StateValues} */
  const values = {};
  for (const field of form.querySelectorAll('[data-input]')) {
    if (!(field instanceof HTMLElement)) continue;
    const blockId = field.dataset.blockId ?? '';
    const actionId = field.dataset.actionId ?? '';
    const type = field.dataset.type ?? '';
    values[blockId] = { ...values[blockId], [actionId]: { type, ...stateOf(field, type) } };
  }
  return values;
}

/** @param {HTMLElement} field @param {string} type @returns {Record<string, unknown>} */
function stateOf(field, type) {
  const text = (/** @type {Element | null} */ option) => option?.textContent?.trim() ?? '';
  switch (type) {
    case 'plain_text_input':
      return { value: /** @type {HTMLInputElement} */ (field).value || null };
    case 'static_select': {
      const select = /** @type {HTMLSelectElement} */ (field);
      const chosen = select.selectedOptions[0];
      return { selected_option: select.value ? { value: select.value, text: text(chosen ?? null) } : null };
    }
    case 'users_select':
      return { selected_user: /** @type {HTMLSelectElement} */ (field).value || null };
    case 'conversations_select':
      return { selected_conversation: /** @type {HTMLSelectElement} */ (field).value || null };
    case 'datepicker':
      return { selected_date: /** @type {HTMLInputElement} */ (field).value || null };
    case 'timepicker':
      return { selected_time: /** @type {HTMLInputElement} */ (field).value || null };
    case 'radio_buttons': {
      const checked = field.querySelector('input:checked');
      return {
        selected_option:
          checked instanceof HTMLInputElement
            ? { value: checked.value, text: text(checked.parentElement) }
            : null,
      };
    }
    case 'checkboxes':
      return {
        selected_options: [...field.querySelectorAll('input:checked')].map((box) => ({
          value: /** @type {HTMLInputElement} */ (box).value,
          text: text(box.parentElement),
        })),
      };
    default:
      return {};
  }
}
