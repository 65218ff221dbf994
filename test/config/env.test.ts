import { describe, expect, it } from 'vitest';
import { missingSlackVariables, readEnv } from '../../src/config/env.js';

describe('environment', () => {
  it('has working defaults on a fresh machine', () => {
    const env = readEnv({});
    expect(env.DATABASE_PATH).toBe('./data/sportello.db');
    expect(env.SPORTELLO_CONFIG).toBe('./sportello.yml');
    expect(env.PORT).toBe(3000);
    expect(missingSlackVariables(env)).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  it('treats empty variables as unset', () => {
    expect(readEnv({ DATABASE_PATH: '', PORT: '' }).DATABASE_PATH).toBe('./data/sportello.db');
  });

  it('names every invalid variable and says what is wrong, without echoing secrets', () => {
    const attempt = () =>
      readEnv({ PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_API_URL: 'ftp://example' });
    expect(attempt).toThrow(/PORT: /);
    expect(attempt).toThrow(/SLACK_BOT_TOKEN: must be a bot token starting with "xoxb-"/);
    expect(attempt).toThrow(/SLACK_API_URL: must be an http\(s\) URL/);
    expect(attempt).not.toThrow(/user-token-secret/);
  });

  it('needs a signing secret only without Socket Mode', () => {
    expect(missingSlackVariables(readEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toEqual(
      [],
    );
    expect(missingSlackVariables(readEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toEqual(['SLACK_SIGNING_SECRET']);
  });
});
