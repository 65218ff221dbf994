/**
 * Whether text is an email address as the desk takes one: `local@domain`, a single `@`, a dot inside the
 * domain, and no whitespace or angle brackets. Written without a regex over the whole text: the pattern
 * `^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$` it replaces backtracks quadratically on `a@` + many dots + `@`.
 */
export function isEmailAddress(text: string): boolean {
  const at = text.indexOf('@');
  if (at < 1 || text.indexOf('@', at + 1) !== -1) return false;
  if (/[\s<>]/.test(text)) return false;
  const domain = text.slice(at + 1);
  // A dot with a character on each side of it within the domain.
  const dot = domain.indexOf('.', 1);
  return dot !== -1 && dot < domain.length - 1;
}
