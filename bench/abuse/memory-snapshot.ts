// What the system holds: Redis's used_memory and each app replica's resident memory.
import Redis from 'ioredis';
import type { ProcessInfo } from '../../tools/e2e/system';

export interface MemorySnapshot {
  /** "redis used_memory", then one entry per app replica, in the system's order. */
  readonly bytes: ReadonlyMap<string, number | null>;
}

export const REDIS_USED_MEMORY = 'redis used_memory';

export async function memorySnapshot(
  redisUrl: string,
  processes: readonly ProcessInfo[],
  isApp: (name: string) => boolean,
): Promise<MemorySnapshot> {
  const bytes = new Map<string, number | null>([[REDIS_USED_MEMORY, await usedMemory(redisUrl)]]);
  for (const process of processes)
    if (isApp(process.name)) bytes.set(`${process.name} rss`, process.rssBytes);
  return { bytes };
}

async function usedMemory(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('memory');
    const match = /^used_memory:(\d+)\r?$/m.exec(info);
    if (!match?.[1]) throw new Error('INFO memory has no used_memory');
    return Number(match[1]);
  } finally {
    redis.disconnect();
  }
}
