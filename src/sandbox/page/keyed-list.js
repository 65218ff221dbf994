// @ts-check
/**
 * Keeps a list's nodes across refreshes: an item whose content did not change keeps its node (so a hover,
 * an open menu or a half-clicked button survive the update someone else's action caused).
 */

/** @typedef {{ key: string; content: string; render: () => HTMLElement }} KeyedItem */

/** @type {WeakMap<Element, { key: string; content: string }>} */
const shown = new WeakMap();

/**
 * @param {HTMLElement} container
 * @param {KeyedItem[]} items in the order they are to appear
 */
export function reconcile(container, items) {
  /** @type {Map<string, Element>} */
  const existing = new Map();
  for (const child of container.children) {
    const known = shown.get(child);
    if (known) existing.set(known.key, child);
  }
  const wanted = items.map((item) => {
    const node = existing.get(item.key);
    if (node && shown.get(node)?.content === item.content) return node;
    const fresh = item.render();
    shown.set(fresh, { key: item.key, content: item.content });
    return fresh;
  });
  const keep = new Set(wanted);
  for (const child of [...container.children]) if (!keep.has(child)) child.remove();
  wanted.forEach((node, index) => {
    const current = container.children[index];
    if (current !== node) container.insertBefore(node, current ?? null);
  });
}
