// Which filters each backend pushes down into its SQL (FerretDB's `filterPushdown`), and for
// PostgreSQL which plan it picked (index or sequential scan), from `explain` on a filled collection.
import type { mongo } from 'mongoose';
import { bucketAt, type BucketDoc } from './bucket-workload';

export interface ExplainedShape {
  readonly name: string;
  readonly filterPushdown: boolean;
  readonly sortPushdown: boolean;
  /** PostgreSQL plan nodes, e.g. `Index Scan (buckets_..._id_...)`, or SQLite's plan lines (`SEARCH ... USING INDEX ...`). */
  readonly planNodes: readonly string[];
}

type Query = { filter: mongo.Document; sort?: mongo.Document };

function queries(): Record<string, Query> {
  const a = bucketAt(1);
  const b = bucketAt(2);
  const range = { $gte: a.start, $lt: new Date(a.start.getTime() + 86_400_000) };
  return {
    '{_id}': { filter: { _id: a._id } },
    '{_id: {$in}}': { filter: { _id: { $in: [a._id, b._id] } } },
    '{_id, flushes: {$ne}}': { filter: { _id: a._id, flushes: { $ne: 'x' } } },
    '{orgId}': { filter: { orgId: a.orgId } },
    '{orgId: {$eq}}': { filter: { orgId: { $eq: a.orgId } } },
    '{orgId, eventId}': { filter: { orgId: a.orgId, eventId: a.eventId } },
    '{start: Date}': { filter: { start: a.start } },
    '{count: int}': { filter: { count: a.count } },
    '{dims.country}': { filter: { 'dims.country': 'DE' } },
    '{orgId: {$in}}': { filter: { orgId: { $in: [a.orgId, b.orgId] } } },
    '{$and: [{orgId}]}': { filter: { $and: [{ orgId: a.orgId }] } },
    '{orgId, eventId, start: {$gte,$lt}}': {
      filter: { orgId: a.orgId, eventId: a.eventId, start: range },
    },
    '{start: {$gte,$lt}}': { filter: { start: range } },
    '{orgId} sort {start}': { filter: { orgId: a.orgId }, sort: { start: 1 } },
  };
}

export async function explainShapes(
  db: mongo.Db,
  collection: mongo.Collection<BucketDoc>,
): Promise<ExplainedShape[]> {
  const explained: ExplainedShape[] = [];
  for (const [name, query] of Object.entries(queries())) {
    const reply = await db.command({
      explain: {
        find: collection.collectionName,
        filter: query.filter,
        ...(query.sort ? { sort: query.sort } : {}),
      },
      verbosity: 'queryPlanner',
    });
    explained.push({
      name,
      filterPushdown: reply['filterPushdown'] === true,
      sortPushdown: reply['sortPushdown'] === true,
      planNodes: planNodes(reply['queryPlanner']),
    });
  }
  return explained;
}

/**
 * The node types (with the index name) of PostgreSQL's JSON plan, outermost first; for SQLite,
 * the detail of each line of its query plan (FerretDB sends them as `id=.. detail=SCAN t`).
 */
function planNodes(planner: unknown): string[] {
  const nodes: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const detail = /detail=(.*)$/.exec(value);
      if (detail?.[1] !== undefined) nodes.push(detail[1]);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    const type = record['Node Type'];
    if (typeof type === 'string') {
      const index = record['Index Name'];
      nodes.push(typeof index === 'string' ? `${type} (${index})` : type);
    }
    for (const child of Object.values(record)) visit(child);
  };
  visit(planner);
  return nodes;
}
