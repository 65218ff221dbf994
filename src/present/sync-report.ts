import type { SyncReport } from '../core/model.js';

/** What applying the queues file changed, in one line for the startup log. */
export function formatSyncReport(report: SyncReport): string {
  return (
    `queues: ${report.queuesCreated} created, ${report.queuesUpdated} updated, ` +
    `${report.queuesDeactivated} deactivated; ${report.agents} agents`
  );
}
