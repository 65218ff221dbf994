import { z } from 'zod';

/** Everything Sportello reads from the environment, validated once at start (only main.ts calls this). */
const envSchema = z.object({
  DATABASE_PATH: z.string().min(1).default('./data/sportello.db'),
  SPORTELLO_CONFIG: z.string().min(1).default('./sportello.yml'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with "xoxb-"').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .startsWith('xapp-', 'must be an app-level token starting with "xapp-"')
    .optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Reads the environment; empty variables count as unset. Errors name each variable and what is wrong. */
export function readEnv(source: NodeJS.ProcessEnv): Env {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `- ${issue.path.join('.')}: ${issue.message}`);
  throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
}

/** The Slack variables still missing before the Slack app can run. */
export function missingSlackVariables(env: Env): string[] {
  const missing: string[] = [];
  if (!env.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) missing.push('SLACK_SIGNING_SECRET');
  return missing;
}
