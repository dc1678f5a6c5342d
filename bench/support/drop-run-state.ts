import type Redis from 'ioredis';
import type mongoose from 'mongoose';
import type { BenchmarkContext } from './benchmark';
import { deleteKeysByPrefix } from './delete-keys-by-prefix';

/**
 * Removes what a run left behind, the Redis keys under its prefix and its database, and closes
 * both connections. Says what it removed or could not remove; never throws, so a failed clean-up
 * does not hide the run's own result or error.
 */
export async function dropRunState(
  redis: Redis,
  connection: mongoose.Connection,
  run: { readonly prefix: string; readonly database: string },
  context: BenchmarkContext,
): Promise<void> {
  const report = (what: string, error: unknown): void =>
    context.progress(`could not ${what}: ${error instanceof Error ? error.message : error}`);
  try {
    const deleted = await deleteKeysByPrefix(redis, run.prefix);
    context.progress(`deleted ${deleted} keys under ${run.prefix}:*`);
  } catch (error) {
    report(`delete the keys under ${run.prefix}:*`, error);
  } finally {
    redis.disconnect();
  }
  try {
    await connection.useDb(run.database).dropDatabase();
    context.progress(`dropped database ${run.database}`);
  } catch (error) {
    report(`drop database ${run.database}`, error);
  } finally {
    await connection.close();
  }
}
