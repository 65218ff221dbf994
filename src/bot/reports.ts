import type { WebClient } from '@slack/web-api';
import { type Actor, type QueueKey, queueKeyOf, type SlackUserId } from '../core/model.js';
import { type Locale, translator } from '../i18n/index.js';
import { queueRef } from '../present/card-data.js';
import { chartDays, statisticsData } from '../present/statistics.js';
import { context } from '../views/blocks.js';
import { renderTicketChart } from '../views/chart/ticket-chart.js';
import { buildTicketsCsv } from '../views/csv/tickets-csv.js';
import { buildStatistics, formatDay, periodDays } from '../views/messages/statistics.js';
import type { QueueRef } from '../views/model.js';
import type { SlackMessage } from '../views/slack.js';
import { escapeMrkdwn } from '../views/text.js';
import type { BotDeps } from './deps.js';
import { type Period, parseScopeAndPeriod } from './period.js';
import { uploadToDm } from './uploads.js';

/** What `/ticket stats` and `/ticket export` answer at once, and what they send to the DM afterwards. */
export interface Report {
  reply: SlackMessage;
  /** Runs after Slack has its answer: uploads into the user's DM. */
  deliver?: (client: WebClient) => Promise<void>;
}

interface ReportRequest {
  actor: Actor;
  locale: Locale;
  queueKey?: QueueKey;
  period: Period;
  scope: QueueRef | null;
}

async function reportRequest(deps: BotDeps, userId: SlackUserId, words: string[]): Promise<ReportRequest> {
  const { desk } = deps;
  const scope = parseScopeAndPeriod(words, desk.now(), deps.view.timeZone);
  const { period } = scope;
  const queueKey = scope.queueKey === undefined ? undefined : queueKeyOf(scope.queueKey);
  const actor = { kind: 'slack', userId } as const;
  const scopeQueue = queueKey
    ? (await desk.operatorQueues(actor)).find((q) => q.key === queueKey)
    : undefined;
  return {
    actor,
    locale: await deps.users.locale(userId),
    ...(queueKey ? { queueKey } : {}),
    period,
    scope: scopeQueue ? queueRef(scopeQueue) : queueKey ? { key: queueKey, name: queueKey } : null,
  };
}

/** `YYYY-MM-DD_YYYY-MM-DD`, for file names. */
function fileDays(period: Period, timeZone: string): string {
  const days = periodDays(period.from, period.to, timeZone, 'en');
  return days.from === days.to ? days.from : `${days.from}_${days.to}`;
}

function scopeName(locale: Locale, scope: QueueRef | null): string {
  return scope ? scope.name : translator(locale)('stats.allQueues');
}

/** `/ticket stats [queue] [period]`: the figures privately, and the period's chart in the user's DM. */
export async function statsReport(deps: BotDeps, userId: SlackUserId, words: string[]): Promise<Report> {
  const request = await reportRequest(deps, userId, words);
  const { locale, period, scope } = request;
  const { timeZone } = deps.view;
  const stats = await deps.desk.statistics(request.actor, {
    from: period.from,
    to: period.to,
    ...(request.queueKey ? { queueKey: request.queueKey } : {}),
  });
  const t = translator(locale);
  const reply = buildStatistics(statisticsData(stats, { locale, timeZone }, scope, true));
  const short = (date: Date) => formatDay(date, timeZone, 'it').slice(0, 5);
  const title = `${t('chart.title', { from: short(period.from), to: short(new Date(period.to.getTime() - 1)) })}${
    scope ? ` · ${scope.name}` : ''
  }`;
  const days = periodDays(period.from, period.to, timeZone, locale);
  return {
    reply,
    deliver: async (client) => {
      const png = await renderTicketChart({
        title,
        legend: { opened: t('chart.opened'), closed: t('chart.closed'), backlog: t('chart.backlog') },
        days: chartDays(stats),
      });
      const comment = t('stats.chartComment', { scope: scopeName(locale, scope), ...days });
      await uploadToDm(client, userId, {
        filename: `sportello-chart-${fileDays(period, timeZone)}.png`,
        title: comment,
        bytes: png,
        initialComment: comment,
        altText: comment,
      });
    },
  };
}

/** `/ticket export [queue] [period]`: the tickets as a CSV file in the user's DM. */
export async function exportReport(deps: BotDeps, userId: SlackUserId, words: string[]): Promise<Report> {
  const request = await reportRequest(deps, userId, words);
  const { locale, period, scope } = request;
  const { timeZone } = deps.view;
  const exported = await deps.desk.exportTickets(request.actor, {
    from: period.from,
    to: period.to,
    ...(request.queueKey ? { queueKey: request.queueKey } : {}),
  });
  const t = translator(locale);
  const params = { scope: scopeName(locale, scope), ...periodDays(period.from, period.to, timeZone, locale) };
  if (exported.rows.length === 0) {
    const text = escapeMrkdwn(t('export.empty', params));
    return { reply: { text, blocks: [context([text])] } };
  }
  const text = escapeMrkdwn(t('export.preparing', params));
  return {
    reply: { text, blocks: [context([text])] },
    deliver: async (client) => {
      const csv = buildTicketsCsv(exported.rows, timeZone, exported.fieldKeys);
      const comment = [
        t('export.comment', { ...params, count: exported.rows.length }),
        ...(exported.truncated ? [t('export.truncated', { count: exported.rows.length })] : []),
      ].join(' ');
      await uploadToDm(client, userId, {
        filename: `sportello-tickets-${fileDays(period, timeZone)}.csv`,
        title: t('export.comment', { ...params, count: exported.rows.length }),
        bytes: Buffer.from(csv, 'utf8'),
        initialComment: comment,
      });
    },
  };
}
