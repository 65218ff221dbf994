import type { Statistics } from '../core/model.js';
import type { Locale } from '../i18n/index.js';
import type { ChartDay } from '../views/chart/ticket-chart.js';
import type { FiguresData, QueueRef, StatisticsData } from '../views/model.js';

/** Only the figures, without the core's extra fields. */
export function figuresData(stats: FiguresData): FiguresData {
  return {
    opened: stats.opened,
    closed: stats.closed,
    backlog: stats.backlog,
    firstResponse: stats.firstResponse,
    resolution: stats.resolution,
    firstResponseSla: stats.firstResponseSla,
    solutionSla: stats.solutionSla,
    satisfaction: stats.satisfaction,
  };
}

/** The core's statistics as the stats reply renders them. */
export function statisticsData(
  stats: Statistics,
  view: { locale: Locale; timeZone: string },
  scope: QueueRef | null,
  chartSent = false,
): StatisticsData {
  return {
    ...figuresData(stats),
    locale: view.locale,
    timeZone: view.timeZone,
    from: stats.from,
    to: stats.to,
    scope,
    queues: stats.queues.map((q) => ({ ...figuresData(q), queue: { key: q.queueKey, name: q.queueName } })),
    operators: stats.operators.map((o) => ({
      operator: o.operator,
      closed: o.closed,
      resolution: o.resolution,
      solutionSla: o.solutionSla,
      satisfaction: o.satisfaction,
    })),
    tags: stats.tags.map((t) => ({
      tag: t.tag,
      opened: t.opened,
      closed: t.closed,
      backlog: t.backlog,
      resolution: t.resolution,
      solutionSla: t.solutionSla,
    })),
    chartSent,
  };
}

export function chartDays(stats: Statistics): ChartDay[] {
  return stats.days.map((d) => ({ day: d.day, opened: d.opened, closed: d.closed, backlog: d.backlog }));
}
