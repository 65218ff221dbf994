import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BotDeps } from '../../src/bot/deps.js';
import { registerListeners } from '../../src/bot/listeners/index.js';
import { COMMAND, SHORTCUTS } from '../../src/views/ids.js';

interface Manifest {
  features: {
    slash_commands: { command: string; url: string }[];
    shortcuts: { callback_id: string; type: 'global' | 'message' }[];
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

const manifest = parse(readFileSync(resolve(import.meta.dirname, '../../manifest.yml'), 'utf8')) as Manifest;

/** What the app registers with Bolt, recorded by a stand-in for the App. */
function registered() {
  const seen = { commands: [] as string[], shortcuts: [] as [string, string][], events: [] as string[] };
  const recorder = {
    command: (name: string) => seen.commands.push(name),
    shortcut: (constraints: { callback_id: string; type: string }) =>
      seen.shortcuts.push([constraints.callback_id, constraints.type === 'shortcut' ? 'global' : 'message']),
    event: (name: string) => seen.events.push(name),
    action: () => {},
    view: () => {},
  };
  registerListeners(recorder as unknown as App, {} as BotDeps);
  return seen;
}

describe('manifest.yml', () => {
  it('declares exactly the command and shortcuts the app registers', () => {
    const app = registered();
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(app.commands);
    expect(app.commands).toEqual([COMMAND]);
    expect(manifest.features.shortcuts.map((s) => [s.callback_id, s.type])).toEqual(app.shortcuts);
    expect(app.shortcuts.map(([id]) => id).sort()).toEqual(Object.values(SHORTCUTS).sort());
  });

  it('subscribes to a bot event for every event listener', () => {
    const events = manifest.settings.event_subscriptions.bot_events;
    for (const event of registered().events) {
      expect(events.some((e) => e === event || e.startsWith(`${event}.`))).toBe(true);
    }
  });

  it('subscribes to the events the listeners handle, and sends everything to /slack/events', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.channels',
      'message.groups',
      'message.im',
      'reaction_added',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ];
    for (const url of urls) expect(url).toMatch(/\/slack\/events$/);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('asks for the smallest set of scopes the app uses', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'app_mentions:read',
      'channels:history',
      'chat:write',
      'chat:write.customize',
      'commands',
      'files:read',
      'files:write',
      'groups:history',
      'im:history',
      'im:write',
      'reactions:read',
      'users:read',
      'users:read.email',
    ]);
  });
});
