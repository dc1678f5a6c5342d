import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createContext, runInContext } from 'node:vm';

/**
 * Keeps deploy/mongodb/shard-collections.js and docs/mongodb-sharding.md honest against the
 * Mongoose schemas of every app: every collection has a shard key (org first, or a stated
 * reason) or is left unsharded with a reason; each key is backed by an index MongoDB can use;
 * each query listed names an index the schema declares, and each declared index serves a query.
 */

export type IndexKey = Readonly<Record<string, 1 | -1 | 'hashed'>>;

/** One query of a collection: where it is (file:function) and the index it uses on MongoDB. */
export interface PlannedQuery {
  readonly at: string;
  readonly shape: string;
  /** `{_id: 1}` for the primary index; `null` for a deliberate full read (say why in `shape`). */
  readonly index: IndexKey | null;
}

/** A declared index no query of this collection uses, and why it exists anyway. */
export interface IdleIndex {
  readonly key: IndexKey;
  readonly why: string;
}

export interface ShardedCollection {
  readonly key: IndexKey;
  /** What `_id` is, e.g. `<orgId>:<hour>` or `random (rcp_...)`. */
  readonly id: string;
  /** Why this key: range or hashed, jumbo chunks, targeted and scatter-gather queries. */
  readonly why: string;
  /** Set when the key's first field is `_id` and `_id` is the org or starts with it. */
  readonly idStartsWithOrg?: true;
  /** Set when the key does not start with the org: why not. */
  readonly notOrgFirst?: string;
  readonly queries: readonly PlannedQuery[];
  readonly idleIndexes?: readonly IdleIndex[];
}

export interface UnshardedCollection {
  readonly unsharded: string;
  readonly id: string;
  readonly queries: readonly PlannedQuery[];
  readonly idleIndexes?: readonly IdleIndex[];
}

export type PlannedCollection = ShardedCollection | UnshardedCollection;

/** database -> collection -> plan, as `PLAN` in deploy/mongodb/shard-collections.js. */
export type ShardPlan = Readonly<Record<string, Readonly<Record<string, PlannedCollection>>>>;

export function isSharded(plan: PlannedCollection): plan is ShardedCollection {
  return 'key' in plan;
}

/** What the script asks of mongosh, in order. */
export type ScriptCall =
  | { readonly op: 'enableSharding'; readonly db: string }
  | { readonly op: 'createIndex'; readonly ns: string; readonly key: IndexKey }
  | { readonly op: 'shardCollection'; readonly ns: string; readonly key: IndexKey };

/**
 * Runs the mongosh script against stand-ins of `sh` and `db` that record what it asks, and
 * answers its PLAN too (the script's own top-level constant, read in the same script scope).
 */
export function runShardScript(source: string): { plan: ShardPlan; calls: ScriptCall[] } {
  const calls: ScriptCall[] = [];
  const siblingDb = (dbName: string): unknown => ({
    getName: () => dbName,
    getCollection: (name: string) => ({
      createIndex: (key: IndexKey) => {
        calls.push({ op: 'createIndex', ns: `${dbName}.${name}`, key });
        return `${Object.keys(key).join('_')}`;
      },
    }),
  });
  const context = createContext({
    sh: {
      enableSharding: (db: string) => calls.push({ op: 'enableSharding', db }),
      shardCollection: (ns: string, key: IndexKey) =>
        calls.push({ op: 'shardCollection', ns, key }),
    },
    db: { getSiblingDB: siblingDb },
    print: () => undefined,
    printjson: () => undefined,
  });
  const plan = runInContext(`${source}\n;PLAN`, context) as ShardPlan;
  return { plan: JSON.parse(JSON.stringify(plan)) as ShardPlan, calls };
}

/** A collection as the schemas declare it. */
export interface DeclaredCollection {
  readonly database: string;
  readonly collection: string;
  readonly schemaFile: string;
  readonly indexes: readonly { readonly key: IndexKey; readonly unique: boolean }[];
}

interface MongooseSchemaLike {
  readonly options: { readonly collection?: string };
  indexes(): [Record<string, 1 | -1 | 'hashed'>, Record<string, unknown>][];
}

function isSchema(value: unknown): value is MongooseSchemaLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    value.constructor?.name === 'Schema' &&
    typeof (value as { indexes?: unknown }).indexes === 'function'
  );
}

/** Collection names a schema module exports for its collection-less schemas (`*_COLLECTION`). */
function exportedCollectionNames(exports: Record<string, unknown>): string[] {
  return Object.entries(exports)
    .filter(([name]) => name.endsWith('_COLLECTION'))
    .flatMap(([, value]) =>
      typeof value === 'string'
        ? [value]
        : typeof value === 'object' && value !== null
          ? Object.values(value).filter((v): v is string => typeof v === 'string')
          : [],
    );
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return schemaFiles(path);
    return /\.schemas?\.ts$/.test(entry) ? [path] : [];
  });
}

/** The app's database: MONGO_DB's default (load-config.ts), `vantage_<app>`. */
export function databaseOf(app: string): string {
  return `vantage_${app.replace(/-/g, '_')}`;
}

/**
 * Loads every `*.schema.ts` / `*.schemas.ts` under apps/<app>/src and answers each collection
 * with its declared indexes. A schema without `collection` takes the names its module exports
 * as `*_COLLECTION` (one schema stored in one collection per resolution, for instance).
 */
export function declaredCollections(
  repoRoot: string,
  load: (path: string) => Record<string, unknown>,
): DeclaredCollection[] {
  const appsDir = join(repoRoot, 'apps');
  const found: DeclaredCollection[] = [];
  for (const app of readdirSync(appsDir).sort()) {
    const src = join(appsDir, app, 'src');
    if (!statSync(join(appsDir, app)).isDirectory()) continue;
    let files: string[];
    try {
      files = schemaFiles(src).sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const exports = load(file);
      const schemas = Object.values(exports).filter(isSchema);
      const unnamed = schemas.filter((s) => !s.options.collection);
      const exportedNames = exportedCollectionNames(exports);
      if (unnamed.length > 1 && exportedNames.length > 0)
        throw new Error(`${file}: several schemas without a collection name; name them`);
      for (const schema of schemas) {
        const names = schema.options.collection ? [schema.options.collection] : exportedNames;
        if (names.length === 0)
          throw new Error(`${file}: a schema without a collection name and no *_COLLECTION export`);
        const indexes = schema.indexes().map(([key, options]) => ({
          key: key as IndexKey,
          unique: options['unique'] === true,
        }));
        for (const collection of names)
          found.push({
            database: databaseOf(app),
            collection,
            schemaFile: relative(repoRoot, file).split(sep).join('/'),
            indexes,
          });
      }
    }
  }
  return found;
}

export function keyText(key: IndexKey | null): string {
  if (key === null) return 'none';
  return `{ ${Object.entries(key)
    .map(([field, order]) => `${field}: ${typeof order === 'string' ? `'${order}'` : order}`)
    .join(', ')} }`;
}

function sameKey(a: IndexKey, b: IndexKey): boolean {
  return keyText(a) === keyText(b);
}

/** `prefix`'s fields are the first fields of `key`, in order (directions may differ). */
function isFieldPrefix(prefix: IndexKey, key: IndexKey): boolean {
  const p = Object.keys(prefix);
  const k = Object.keys(key);
  return p.length <= k.length && p.every((field, i) => k[i] === field);
}

const PRIMARY: IndexKey = { _id: 1 };

/** Every problem found, one line each; none when script, plan and schemas agree. */
export function checkShardPlan(
  declared: readonly DeclaredCollection[],
  plan: ShardPlan,
  calls: readonly ScriptCall[],
): string[] {
  const problems: string[] = [];
  const planned = new Map<string, PlannedCollection>();
  for (const [database, collections] of Object.entries(plan))
    for (const [collection, entry] of Object.entries(collections))
      planned.set(`${database}.${collection}`, entry);
  const declaredByNs = new Map(declared.map((d) => [`${d.database}.${d.collection}`, d]));

  for (const ns of planned.keys())
    if (!declaredByNs.has(ns)) problems.push(`${ns}: in the plan but no schema declares it`);

  for (const [ns, collection] of declaredByNs) {
    const entry = planned.get(ns);
    if (!entry) {
      problems.push(`${ns} (${collection.schemaFile}): not in deploy/mongodb/shard-collections.js`);
      continue;
    }
    const indexes = [{ key: PRIMARY, unique: true }, ...collection.indexes];
    const declaredIndex = (key: IndexKey) => indexes.some((i) => sameKey(i.key, key));

    for (const query of entry.queries) {
      if (query.index === null) continue;
      if (!declaredIndex(query.index))
        problems.push(`${ns}: ${query.at} uses ${keyText(query.index)}, which no schema declares`);
    }
    if (entry.queries.length === 0) problems.push(`${ns}: no query listed`);
    const idle = entry.idleIndexes ?? [];
    for (const index of collection.indexes) {
      const used = entry.queries.some((q) => q.index !== null && sameKey(q.index, index.key));
      const excused = idle.some((i) => sameKey(i.key, index.key) && i.why.trim() !== '');
      if (!used && !excused)
        problems.push(`${ns}: index ${keyText(index.key)} serves none of the listed queries`);
    }
    for (const index of idle)
      if (!collection.indexes.some((i) => sameKey(i.key, index.key)))
        problems.push(`${ns}: idle index ${keyText(index.key)} is not declared`);

    const [first] = isSharded(entry) ? Object.keys(entry.key) : [];
    if (!isSharded(entry)) {
      if (entry.unsharded.trim() === '') problems.push(`${ns}: unsharded without a reason`);
      if (calls.some((c) => c.op === 'shardCollection' && c.ns === ns))
        problems.push(`${ns}: planned unsharded but the script shards it`);
      continue;
    }
    const key = entry.key;
    const orgFirst = first === 'orgId' || (first === '_id' && entry.idStartsWithOrg === true);
    if (!orgFirst && !entry.notOrgFirst?.trim())
      problems.push(
        `${ns}: shard key ${keyText(key)} does not start with the org and says not why`,
      );
    if (orgFirst && entry.notOrgFirst)
      problems.push(`${ns}: starts with the org but carries notOrgFirst`);
    if (entry.idStartsWithOrg && first !== '_id')
      problems.push(`${ns}: idStartsWithOrg set but the key starts with ${first}`);

    // An upsert on a sharded collection must carry the whole shard key in its filter, and the
    // upserts here filter on `_id` (with at most a guard beside it).
    for (const query of entry.queries)
      if (
        /\bupsert\b/.test(query.shape) &&
        !sameKey(key, PRIMARY) &&
        !sameKey(key, { _id: 'hashed' })
      )
        problems.push(
          `${ns}: ${query.at} upserts, which needs an \`_id\` shard key, not ${keyText(key)}`,
        );

    const hashed = Object.values(key).includes('hashed');
    if (hashed) {
      // A hashed key needs a hashed index; the script creates it (a hashed index serves only
      // equality on its field, so it is declared in no schema for queries).
      if (!sameKey(key, { _id: 'hashed' }))
        problems.push(`${ns}: hashed shard keys other than { _id: 'hashed' } are not planned for`);
    } else if (!indexes.some((i) => isFieldPrefix(key, i.key) && sameKey(pick(i.key, key), key)))
      problems.push(`${ns}: shard key ${keyText(key)} is not a prefix of a declared index`);

    // MongoDB enforces a unique index on a sharded collection only if the shard key is its
    // prefix; the primary index is unique per shard (see the doc for when that suffices).
    for (const index of collection.indexes)
      if (index.unique && (hashed || !isFieldPrefix(key, index.key)))
        problems.push(
          `${ns}: unique index ${keyText(index.key)} does not start with the shard key ${keyText(key)}`,
        );

    const created = calls.findIndex(
      (c) => c.op === 'createIndex' && c.ns === ns && sameKey(c.key, key),
    );
    const sharded = calls.findIndex(
      (c) => c.op === 'shardCollection' && c.ns === ns && sameKey(c.key, key),
    );
    if (sharded < 0) problems.push(`${ns}: the script does not shard it on ${keyText(key)}`);
    else if (created < 0 || created > sharded)
      problems.push(`${ns}: the script does not create the shard key's index before sharding`);
    const database = ns.slice(0, ns.indexOf('.'));
    const enabled = calls.findIndex((c) => c.op === 'enableSharding' && c.db === database);
    if (enabled < 0 || (sharded >= 0 && enabled > sharded))
      problems.push(`${ns}: the script does not enable sharding on ${database} first`);
  }
  return problems;
}

/** The key's fields taken from `index` with `index`'s directions, for a direction-aware match. */
function pick(index: IndexKey, key: IndexKey): IndexKey {
  return Object.fromEntries(Object.keys(key).map((field) => [field, index[field] ?? 1]));
}

function appOf(database: string): string {
  return database.replace(/^vantage_/, '').replace(/_/g, '-');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The tables of docs/mongodb-sharding.md between its generated-section markers. */
export function renderShardTables(plan: ShardPlan): string {
  const out: string[] = [];
  for (const [database, collections] of Object.entries(plan)) {
    out.push(`### ${appOf(database)} (\`${database}\`)`, '');
    out.push(
      '| collection | `_id` | shard key | why | queries (file: function → index on MongoDB) |',
    );
    out.push('| --- | --- | --- | --- | --- |');
    for (const [name, entry] of Object.entries(collections)) {
      const key = isSharded(entry) ? `\`${keyText(entry.key)}\`` : '**unsharded**';
      const why = isSharded(entry)
        ? [entry.why, entry.notOrgFirst ? `Not org first: ${entry.notOrgFirst}` : '']
            .filter(Boolean)
            .join(' ')
        : entry.unsharded;
      const queries = [
        ...entry.queries.map(
          (q) => `\`${q.at}\` ${q.shape} → ${q.index ? `\`${keyText(q.index)}\`` : 'none'}`,
        ),
        ...(entry.idleIndexes ?? []).map(
          (i) => `\`${keyText(i.key)}\` serves no query here: ${i.why}`,
        ),
      ].join('<br>');
      out.push(`| \`${name}\` | ${cell(entry.id)} | ${key} | ${cell(why)} | ${cell(queries)} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

export const GENERATED_BEGIN =
  '<!-- shard-plan:begin (generated by tools/deploy/write-sharding-doc.ts from deploy/mongodb/shard-collections.js) -->';
export const GENERATED_END = '<!-- shard-plan:end -->';

/** The doc with its generated section replaced by `tables`. */
export function withTables(doc: string, tables: string): string {
  const begin = doc.indexOf(GENERATED_BEGIN);
  const end = doc.indexOf(GENERATED_END);
  if (begin < 0 || end < begin) throw new Error('docs/mongodb-sharding.md lacks the markers');
  return `${doc.slice(0, begin + GENERATED_BEGIN.length)}\n\n${tables}\n\n${doc.slice(end)}`;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
