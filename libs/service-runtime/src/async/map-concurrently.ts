/**
 * `map` over `items` with at most `limit` calls of `fn` in flight; answers in the input's order.
 * Like an unordered bulk write, one failure does not stop the other items: every call settles
 * before the first failure is thrown, so no work is still running when the caller sees it.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!(limit >= 1))
    throw new RangeError(`mapConcurrently: limit must be at least 1, got ${limit}`);
  const results = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error: unknown) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
