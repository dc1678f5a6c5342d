import { mongo } from 'mongoose';
import { isFerretDb } from '../mongo/bulk-update';

/** A query as a repository sends it, in the shape `explain` takes. */
export type ExplainedQuery =
  | { readonly find: mongo.Document; readonly sort?: mongo.Document }
  | { readonly update: mongo.Document; readonly change: mongo.Document }
  | { readonly delete: mongo.Document };

/** What the server said it would do with a query. */
export interface QueryPlan {
  readonly store: 'ferretdb' | 'mongodb';
  /**
   * True when the server narrows the documents by the filter itself, through `_id` or an index:
   * on FerretDB the filter is pushed down to its backend; on MongoDB no stage is a COLLSCAN.
   */
  readonly keyed: boolean;
  /** The part of the answer that says so, for failure messages. */
  readonly summary: string;
}

/**
 * Asks the server how it would run `query` on `collection`. Works against the driver's
 * collections and mongoose's (`Model.collection`).
 */
export async function explainQuery(
  collection: mongo.Collection | { readonly collectionName: string; readonly conn?: unknown },
  query: ExplainedQuery,
): Promise<QueryPlan> {
  const db = dbOf(collection);
  const name = collection.collectionName;
  const ferret = await isFerretDb(db);
  // FerretDB plans a query on a collection that does not exist yet as an unfiltered scan: on a
  // fresh database (CI) the answer would say nothing about the filter.
  if (ferret) await ensureCollection(db, name);
  // FerretDB v1 explains only reads (an explained `update` reports no pushdown even by `_id`);
  // its updates and deletes select their documents the way `find` does, so the filter is
  // explained as a find there.
  const command = ferret ? commandOf(name, { find: filterOf(query) }) : commandOf(name, query);
  const answer = await db.command({ explain: command, verbosity: 'queryPlanner' });
  if (ferret) {
    return {
      store: 'ferretdb',
      keyed: answer['filterPushdown'] === true,
      summary: JSON.stringify({
        filterPushdown: answer['filterPushdown'],
        queryPlanner: answer['queryPlanner'],
      }),
    };
  }
  const planner = answer['queryPlanner'] as mongo.Document | undefined;
  const stages = stagesOf(planner?.['winningPlan']);
  return {
    store: 'mongodb',
    keyed: stages.length > 0 && !stages.includes('COLLSCAN'),
    summary: JSON.stringify({ stages }),
  };
}

/** Fails with the server's own words when `query` would scan the whole collection. */
export async function expectKeyedQuery(
  collection: Parameters<typeof explainQuery>[0],
  query: ExplainedQuery,
): Promise<QueryPlan> {
  const plan = await explainQuery(collection, query);
  if (!plan.keyed) {
    throw new Error(
      `${plan.store} would scan ${collection.collectionName} for ${JSON.stringify(query)}: ${plan.summary}`,
    );
  }
  return plan;
}

function commandOf(collection: string, query: ExplainedQuery): mongo.Document {
  if ('find' in query) {
    return {
      find: collection,
      filter: query.find,
      ...(query.sort === undefined ? {} : { sort: query.sort }),
    };
  }
  if ('update' in query) {
    return { update: collection, updates: [{ q: query.update, u: query.change }] };
  }
  return { delete: collection, deletes: [{ q: query.delete, limit: 0 }] };
}

const NAMESPACE_EXISTS = 48;

async function ensureCollection(db: mongo.Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (error) {
    if ((error as { code?: unknown }).code !== NAMESPACE_EXISTS) throw error;
  }
}

function filterOf(query: ExplainedQuery): mongo.Document {
  if ('find' in query) return query.find;
  return 'update' in query ? query.update : query.delete;
}

function dbOf(collection: unknown): mongo.Db {
  const candidate = collection as { db?: mongo.Db; conn?: { db?: mongo.Db } };
  const db = candidate.db ?? candidate.conn?.db;
  if (db === undefined) throw new Error('explainQuery: the collection has no database handle');
  return db;
}

/** Every stage name of a MongoDB plan tree. */
function stagesOf(plan: unknown): string[] {
  if (plan === null || typeof plan !== 'object') return [];
  const node = plan as Record<string, unknown>;
  const own = typeof node['stage'] === 'string' ? [node['stage']] : [];
  const children = [node['inputStage'], ...((node['inputStages'] as unknown[]) ?? [])];
  if (node['queryPlan'] !== undefined) children.push(node['queryPlan']);
  return [...own, ...children.flatMap(stagesOf)];
}
