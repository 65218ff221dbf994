import { tablesOf } from '../../db/tables.js';
import type { CoreContext } from '../context.js';

/** Whether the desk's database answers: one read of one row. Throws what the database says when it does not. */
export async function checkDatabase(ctx: CoreContext): Promise<void> {
  const { searchIndexProgress } = tablesOf(ctx.db);
  await ctx.db.select({ id: searchIndexProgress.id }).from(searchIndexProgress).limit(1);
}
