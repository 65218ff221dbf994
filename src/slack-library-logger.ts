import type { Logger } from '@slack/bolt';

/** Where a Slack library's debug line starts its payload: `http request body: {…}`, `ack() … (body: …)`. */
const PAYLOAD_START = ': ';

/**
 * The logger handed to Bolt, its Web API clients and Socket Mode: the app's logger, except that their debug
 * lines say what happened and not with what. At debug level those libraries print whole request bodies and
 * results (`http request body`, `http request result`, `ack() … (body: …)`, WebSocket messages): message
 * texts, form contents, users' emails. Keeping only their Web API client at info is not possible: Bolt gives
 * every client it makes its own logger, whatever `clientOptions.logger` says. So each debug line keeps its
 * text up to the first `: ` and the size of the rest. The level is the app's (LOG_LEVEL): a library neither
 * changes it nor renames the logger.
 */
export function slackLibraryLogger(logger: Logger): Logger {
  return {
    debug: (...parts) => logger.debug(withoutPayload(parts)),
    info: (...parts) => logger.info(...parts),
    warn: (...parts) => logger.warn(...parts),
    error: (...parts) => logger.error(...parts),
    getLevel: () => logger.getLevel(),
    setLevel: () => undefined,
    setName: () => undefined,
  };
}

function withoutPayload([first, ...rest]: unknown[]): string {
  if (typeof first !== 'string') return '(a value, not logged)';
  const start = first.indexOf(PAYLOAD_START);
  const message =
    start === -1
      ? first
      : `${first.slice(0, start + PAYLOAD_START.length)}(${first.length - start - PAYLOAD_START.length} characters, not logged)`;
  return rest.length === 0 ? message : `${message} (${rest.length} more values, not logged)`;
}
