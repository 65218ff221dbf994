import type { Locale } from '../../i18n/index.js';
import { context, divider, fieldsSection, header, packedSections, section } from '../blocks.js';
import { LIMITS } from '../limits.js';
import { markup, type Texts, texts } from '../locale.js';
import type {
  DurationFigures,
  FiguresData,
  OperatorFiguresData,
  SatisfactionFigures,
  SlaFigures,
  StatisticsData,
  TagFiguresData,
} from '../model.js';
import type { KnownBlock, SlackMessage } from '../slack.js';
import { cap, capMarkup, escapeMrkdwn, personLabel } from '../text.js';
import { formatDuration, wallClock } from '../time.js';

/** How many queue and operator lines the reply shows (the rest are counted). */
export const STATS_LIMITS = { queues: 15, operators: 15, tags: 15 } as const;

/** A day of the desk's calendar: "30/11/2026" (it) or "2026-11-30" (en). */
export function formatDay(date: Date, timeZone: string, locale: Locale): string {
  const { year, month, day } = wallClock(date, timeZone);
  return locale === 'it' ? `${day}/${month}/${year}` : `${year}-${month}-${day}`;
}

/** The first and last day of a period whose end is excluded (midnight ends the day before). */
export function periodDays(
  from: Date,
  to: Date,
  timeZone: string,
  locale: Locale,
): { from: string; to: string } {
  return {
    from: formatDay(from, timeZone, locale),
    to: formatDay(new Date(to.getTime() - 1), timeZone, locale),
  };
}

function minutes(tx: Texts, value: number | null): string {
  if (value === null) return tx.t('stats.none');
  return value === 0 ? tx.t('duration.minutes', { n: 0 }) : formatDuration(tx.t, value * 60_000);
}

function duration(tx: Texts, figures: DurationFigures): string {
  if (figures.count === 0) return tx.t('stats.none');
  return tx.t('stats.durationValue', {
    median: minutes(tx, figures.medianMinutes),
    p90: minutes(tx, figures.p90Minutes),
    count: figures.count,
  });
}

function number(locale: Locale, value: number): string {
  return locale === 'it' ? String(value).replace('.', ',') : String(value);
}

function sla(tx: Texts, figures: SlaFigures): string {
  if (figures.percent === null) return tx.t('stats.none');
  return tx.t('stats.slaValue', {
    percent: number(tx.locale, figures.percent),
    met: figures.met,
    total: figures.met + figures.missed,
  });
}

function percentOnly(tx: Texts, figures: SlaFigures): string {
  return figures.percent === null ? tx.t('stats.none') : `${number(tx.locale, figures.percent)}%`;
}

function satisfaction(tx: Texts, figures: SatisfactionFigures): string {
  if (figures.average === null) return `★ ${tx.t('stats.none')}`;
  return tx.t('stats.satisfactionValue', {
    average: number(tx.locale, Math.round(figures.average * 10) / 10),
    count: figures.count,
  });
}

const backlogTotal = (figures: FiguresData) =>
  figures.backlog.new + figures.backlog.open + figures.backlog.pending;

function field(label: string, value: string): string {
  return `*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}`;
}

/** The eight figures of a period as section fields: what the stats reply and App Home show. */
export function figureFields(tx: Texts, figures: FiguresData): string[] {
  return [
    field(tx.t('stats.opened'), String(figures.opened)),
    field(tx.t('stats.closed'), String(figures.closed)),
    field(
      tx.t('stats.backlog'),
      tx.t('stats.backlogValue', { total: backlogTotal(figures), ...figures.backlog }),
    ),
    field(tx.t('stats.satisfaction'), satisfaction(tx, figures.satisfaction)),
    field(tx.t('stats.firstResponse'), duration(tx, figures.firstResponse)),
    field(tx.t('stats.resolution'), duration(tx, figures.resolution)),
    field(tx.t('stats.slaFirstResponse'), sla(tx, figures.firstResponseSla)),
    field(tx.t('stats.slaSolution'), sla(tx, figures.solutionSla)),
  ];
}

/** At most `max` lines, packed into sections; the rest are counted. */
function lineSections(tx: Texts, lines: string[], max: number): KnownBlock[] {
  const { blocks, shown }: { blocks: KnownBlock[]; shown: number } = packedSections(lines.slice(0, max));
  if (shown < lines.length) blocks.push(context([tx.md('stats.more', { count: lines.length - shown })]));
  return blocks;
}

function queueLine(tx: Texts, figures: FiguresData & { queue: { name: string } }): string {
  return `• ${tx.md('stats.queueLine', {
    queue: markup(`*${escapeMrkdwn(cap(figures.queue.name, 100))}*`),
    opened: figures.opened,
    closed: figures.closed,
    backlog: backlogTotal(figures),
    firstResponse:
      figures.firstResponse.count === 0
        ? tx.t('stats.none')
        : minutes(tx, figures.firstResponse.medianMinutes),
    sla: percentOnly(tx, figures.solutionSla),
    satisfaction: satisfaction(tx, figures.satisfaction),
  })}`;
}

function operatorLine(tx: Texts, figures: OperatorFiguresData): string {
  return `• ${tx.md('stats.operatorLine', {
    operator: markup(figures.operator ? personLabel(figures.operator) : escapeMrkdwn(tx.t('stats.nobody'))),
    closed: figures.closed,
    resolution:
      figures.resolution.count === 0 ? tx.t('stats.none') : minutes(tx, figures.resolution.medianMinutes),
    sla: percentOnly(tx, figures.solutionSla),
    satisfaction: satisfaction(tx, figures.satisfaction),
  })}`;
}

function tagLine(tx: Texts, figures: TagFiguresData): string {
  return `• ${tx.md('stats.tagLine', {
    tag: markup(`*${escapeMrkdwn(cap(figures.tag, 100))}*`),
    opened: figures.opened,
    closed: figures.closed,
    backlog: figures.backlog,
    resolution:
      figures.resolution.count === 0 ? tx.t('stats.none') : minutes(tx, figures.resolution.medianMinutes),
    sla: percentOnly(tx, figures.solutionSla),
  })}`;
}

/** `/ticket stats`: the period's figures, then by queue and by operator, answered privately. */
export function buildStatistics(data: StatisticsData): SlackMessage {
  const tx = texts(data.locale);
  const scope = data.scope ? cap(data.scope.name, 100) : tx.t('stats.allQueues');
  const title = tx.t('stats.title', { scope });
  const period = tx.t('stats.period', periodDays(data.from, data.to, data.timeZone, data.locale));
  const blocks: KnownBlock[] = [
    header(title),
    context([escapeMrkdwn(period)]),
    fieldsSection(figureFields(tx, data)),
  ];
  if (data.queues.length > 1 || (data.queues.length === 1 && data.scope === null)) {
    blocks.push(
      divider(),
      section(`*${escapeMrkdwn(tx.t('stats.byQueue'))}*`),
      ...lineSections(
        tx,
        data.queues.map((q) => queueLine(tx, q)),
        STATS_LIMITS.queues,
      ),
    );
  }
  if (data.operators.length > 0) {
    blocks.push(
      divider(),
      section(`*${escapeMrkdwn(tx.t('stats.byOperator'))}*`),
      ...lineSections(
        tx,
        data.operators.map((o) => operatorLine(tx, o)),
        STATS_LIMITS.operators,
      ),
    );
  }
  if (data.tags.length > 0) {
    blocks.push(
      divider(),
      section(`*${escapeMrkdwn(tx.t('stats.byTag'))}*`),
      ...lineSections(
        tx,
        data.tags.map((t) => tagLine(tx, t)),
        STATS_LIMITS.tags,
      ),
    );
  }
  const notes = [escapeMrkdwn(tx.t('stats.note'))];
  if (data.chartSent) notes.push(escapeMrkdwn(tx.t('stats.chartSent')));
  blocks.push(context(notes));
  return {
    text: capMarkup(escapeMrkdwn(`${title} · ${period}`), 1000),
    blocks: blocks.slice(0, LIMITS.messageBlocks),
  };
}
