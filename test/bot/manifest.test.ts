import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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

describe('manifest.yml', () => {
  it('declares exactly the command and shortcuts the app registers', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([COMMAND]);
    expect(manifest.features.shortcuts.map((s) => [s.callback_id, s.type])).toEqual([
      [SHORTCUTS.newTicket, 'global'],
      [SHORTCUTS.ticketFromMessage, 'message'],
      [SHORTCUTS.sendToCustomer, 'message'],
    ]);
  });

  it('subscribes to the events the listeners handle, and sends everything to /slack/events', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'message.channels',
      'message.groups',
      'message.im',
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
      'channels:history',
      'chat:write',
      'commands',
      'groups:history',
      'im:history',
      'users:read',
      'users:read.email',
    ]);
  });
});
