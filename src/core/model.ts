/** The domain's vocabulary as the outer layers may name it (the core's front door, with help-desk and errors). */
export type { MailAuthVerdict } from '../db/schema.js';
