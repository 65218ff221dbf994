import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/** What the workspace offers of the app, as Slack learns it from the app's manifest. */
export interface AppFeatures {
  commands: { command: string; description: string; usageHint: string }[];
  shortcuts: { name: string; type: 'global' | 'message'; callbackId: string }[];
}

const manifestSchema = z.object({
  features: z.object({
    slash_commands: z
      .array(
        z.object({
          command: z.string(),
          description: z.string().default(''),
          usage_hint: z.string().default(''),
        }),
      )
      .default([]),
    shortcuts: z
      .array(z.object({ name: z.string(), type: z.enum(['global', 'message']), callback_id: z.string() }))
      .default([]),
  }),
});

export function readAppFeatures(manifestPath: string): AppFeatures {
  const manifest = manifestSchema.parse(parse(readFileSync(manifestPath, 'utf8')));
  return {
    commands: manifest.features.slash_commands.map((command) => ({
      command: command.command,
      description: command.description,
      usageHint: command.usage_hint,
    })),
    shortcuts: manifest.features.shortcuts.map((shortcut) => ({
      name: shortcut.name,
      type: shortcut.type,
      callbackId: shortcut.callback_id,
    })),
  };
}
