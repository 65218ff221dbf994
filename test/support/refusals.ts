import { expect } from 'vitest';
import { HelpDeskError } from '../../src/core/errors.js';

/** What `action` threw or rejected with, or undefined. */
export async function catchError(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Runs `action`, expects a refusal of `type` with `code` whose message is a sentence fit to show a person,
 * and checks that `state` (what the refusal must not change) is the same afterwards.
 */
export async function expectRefused<E extends HelpDeskError>(
  type: abstract new (...args: never[]) => E,
  code: string,
  action: () => unknown,
  state: () => unknown,
): Promise<E> {
  const before = await state();
  const caught = await catchError(action);
  expect(caught).toBeInstanceOf(type);
  expect(caught).toBeInstanceOf(HelpDeskError);
  const error = caught as E;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/^[A-Z].*\.$/s);
  expect(error.message).not.toMatch(/undefined|null|NaN|\[object/);
  expect(await state()).toEqual(before);
  return error;
}
