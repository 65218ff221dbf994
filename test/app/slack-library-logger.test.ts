import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging.js';
import { slackLibraryLogger } from '../../src/slack-library-logger.js';

function loggers() {
  const lines: string[] = [];
  const app = createLogger({ level: LogLevel.DEBUG, sink: (line) => lines.push(line) });
  return { app, library: slackLibraryLogger(app), lines };
}

describe('slackLibraryLogger', () => {
  it('keeps what a debug line says happened and drops what it carries', () => {
    const { library, lines } = loggers();
    library.debug("apiCall('users.info') start");
    library.debug('http request result: {"user":{"profile":{"email":"sofia.gallo@studenti.example"}}}');
    library.debug('ack() response sent (body: {"response_action":"errors"})');
    library.debug({ text: 'a message' });
    library.debug('Error details:', new Error('secret text'));
    expect(lines.map((line) => line.replace(/^\S+ DEBUG \[sportello\] /, '').trim())).toEqual([
      "apiCall('users.info') start",
      'http request result: (61 characters, not logged)',
      'ack() response sent (body: (29 characters, not logged)',
      '(a value, not logged)',
      'Error details: (1 more values, not logged)',
    ]);
  });

  it('passes info, warnings and errors whole, and no library changes the level or the name', () => {
    const { app, library, lines } = loggers();
    library.warn('Failed to verify: signature mismatch');
    library.setLevel(LogLevel.INFO);
    library.setName('bolt-app');
    expect(app.getLevel()).toBe(LogLevel.DEBUG);
    expect(library.getLevel()).toBe(LogLevel.DEBUG);
    expect(lines[0]).toContain('WARN [sportello] Failed to verify: signature mismatch');
  });
});
