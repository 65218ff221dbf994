import type { WebClient } from '@slack/web-api';
import type { SlackUserId } from '../core/model.js';
import { type Locale, localeOf } from '../i18n/index.js';

export interface SlackUserInfo {
  id: SlackUserId;
  name: string;
  email: string | null;
  locale: Locale;
  isBot: boolean;
  /** Their profile picture, for posts the app makes in their name. */
  avatarUrl: string | null;
}

const TTL_MS = 60 * 60_000;

/**
 * Slack users' names, emails and languages, looked up with users.info and kept for an hour: every string a
 * person sees is in their Slack language, without asking Slack on every click.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { info: SlackUserInfo; at: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly fallback: Locale,
    private readonly log: (message: string) => void,
  ) {}

  async get(userId: SlackUserId): Promise<SlackUserInfo> {
    const cached = this.cache.get(userId);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.info;
    try {
      const { user } = await this.client.users.info({ user: userId, include_locale: true });
      const info: SlackUserInfo = {
        id: userId,
        name: user?.profile?.display_name || user?.real_name || user?.name || userId,
        email: user?.profile?.email ?? null,
        locale: localeOf(user?.locale, this.fallback),
        isBot: user?.is_bot === true,
        avatarUrl: user?.profile?.image_192 ?? null,
      };
      this.cache.set(userId, { info, at: Date.now() });
      return info;
    } catch (error) {
      this.log(`users.info ${userId} failed: ${error instanceof Error ? error.message : String(error)}`);
      return { id: userId, name: userId, email: null, locale: this.fallback, isBot: false, avatarUrl: null };
    }
  }

  async locale(userId: SlackUserId): Promise<Locale> {
    return (await this.get(userId)).locale;
  }
}
