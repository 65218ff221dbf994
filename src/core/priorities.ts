import { ValidationError } from './errors.js';

/** OTRS priorities: 1 very low … 5 very high, 3 normal. */
export const PRIORITIES = [1, 2, 3, 4, 5] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY: Priority = 3;

export const PRIORITY_NAMES: Record<Priority, string> = {
  1: 'very low',
  2: 'low',
  3: 'normal',
  4: 'high',
  5: 'very high',
};

export function validatePriority(value: number): Priority {
  if (!(PRIORITIES as readonly number[]).includes(value)) {
    throw new ValidationError(
      'priority',
      'out_of_range',
      'The priority must be a whole number from 1 (very low) to 5 (very high).',
      { limit: PRIORITIES.length },
    );
  }
  return value as Priority;
}
