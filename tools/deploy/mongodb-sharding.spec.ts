import { join } from 'node:path';
import {
  checkShardPlan,
  declaredCollections,
  readText,
  renderShardTables,
  runShardScript,
  withTables,
  type DeclaredCollection,
} from './mongodb-sharding';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'deploy', 'mongodb', 'shard-collections.js');
const DOC = join(ROOT, 'docs', 'mongodb-sharding.md');

// Every app's schema modules, loaded as the apps load them (decorators and all).
const declared = declaredCollections(ROOT, (path) => require(path) as Record<string, unknown>);
const script = readText(SCRIPT);

function problemsWith(source: string, collections: readonly DeclaredCollection[] = declared) {
  const { plan, calls } = runShardScript(source);
  return checkShardPlan(collections, plan, calls);
}

/** Markdown without the padding prettier gives table cells (it formats the doc after writing). */
function tableText(markdown: string): string {
  return markdown.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---');
}

/** The real script with one text edit applied (the edit must apply). */
function edited(from: string | RegExp, to: string): string {
  const text = script.replace(from, to);
  if (text === script) throw new Error(`edit ${String(from)} did not apply`);
  return text;
}

describe("deploy/mongodb/shard-collections.js against the apps' Mongoose schemas", () => {
  it('finds the collections of every app', () => {
    const databases = new Set(declared.map((c) => c.database));
    expect([...databases].sort()).toEqual([
      'vantage_billing',
      'vantage_gateway',
      'vantage_reporting',
      'vantage_telemetry',
      'vantage_traffic_monitor',
    ]);
    const names = declared.map((c) => `${c.database}.${c.collection}`);
    expect(names).toEqual(expect.arrayContaining(['vantage_traffic_monitor.traffic_buckets_day']));
    expect(names).toEqual(expect.arrayContaining(['vantage_telemetry.telemetry_points_hour']));
  });

  it('plans every collection: an org-first key backed by a declared index, or a reason; every query on a declared index, every index serving a query', () => {
    expect(problemsWith(script)).toEqual([]);
  });

  it("shards each sharded collection after enabling its database and creating the key's index", () => {
    const { calls } = runShardScript(script);
    const sharded = calls.filter((c) => c.op === 'shardCollection');
    expect(sharded.length).toBeGreaterThan(20);
    expect(sharded).toContainEqual({
      op: 'shardCollection',
      ns: 'vantage_traffic_monitor.traffic_buckets_minute',
      key: { _id: 'hashed' },
    });
    expect(sharded).toContainEqual({
      op: 'shardCollection',
      ns: 'vantage_gateway.audit_events',
      key: { orgId: 1, _id: 1 },
    });
  });

  it('reports a collection a schema declares but the plan leaves out', () => {
    expect(
      problemsWith(script, [
        ...declared,
        {
          database: 'vantage_telemetry',
          collection: 'telemetry_new',
          schemaFile: 'x.schema.ts',
          indexes: [],
        },
      ]),
    ).toEqual([
      'vantage_telemetry.telemetry_new (x.schema.ts): not in deploy/mongodb/shard-collections.js',
    ]);
  });

  it('reports a query on an index no schema declares, and a declared index no query uses', () => {
    const withoutAnomalyIndex = declared.map((c) =>
      c.collection === 'telemetry_anomalies'
        ? { ...c, indexes: c.indexes.filter((i) => 'seriesId' in i.key) }
        : c,
    );
    expect(problemsWith(script, withoutAnomalyIndex)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^vantage_telemetry\.telemetry_anomalies: anomalies\/anomaly\.repository\.ts: AnomalyRepository\.list without a series uses \{ orgId: 1, timestamp: 1, _id: 1 \}, which no schema declares$/,
        ),
        expect.stringMatching(
          /telemetry_anomalies: shard key .* is not a prefix of a declared index/,
        ),
      ]),
    );
    const withExtraIndex = declared.map((c) =>
      c.collection === 'slos'
        ? { ...c, indexes: [...c.indexes, { key: { createdAt: 1 as const }, unique: false }] }
        : c,
    );
    expect(problemsWith(script, withExtraIndex)).toEqual([
      'vantage_telemetry.slos: index { createdAt: 1 } serves none of the listed queries',
    ]);
  });

  it('accepts a declared index no query uses only when the plan says why it exists', () => {
    expect(problemsWith(edited('idleIndexes: [', 'idleIndexesGone: ['))).toEqual([
      'vantage_telemetry.telemetry_points_hour: index { orgId: 1, start: 1 } serves none of the listed queries',
    ]);
  });

  it('reports a key that does not start with the org and says not why', () => {
    expect(
      problemsWith(edited('key: { orgId: 1, userId: 1 },', 'key: { userId: 1, orgId: 1 },')),
    ).toEqual(
      expect.arrayContaining([
        'vantage_gateway.memberships: shard key { userId: 1, orgId: 1 } does not start with the org and says not why',
        'vantage_gateway.memberships: shard key { userId: 1, orgId: 1 } is not a prefix of a declared index',
        'vantage_gateway.memberships: unique index { orgId: 1, userId: 1 } does not start with the shard key { userId: 1, orgId: 1 }',
      ]),
    );
  });

  it('reports an upsert on a collection whose shard key is not `_id`', () => {
    expect(
      problemsWith(
        edited(/(usage_hours: \{\s+key: )ID,\s+idStartsWithOrg: true,/, '$1{ orgId: 1, hour: 1 },'),
      ),
    ).toEqual([
      'vantage_reporting.usage_hours: usage/usage.repository.ts: UsageRepository.add upserts, which needs an `_id` shard key, not { orgId: 1, hour: 1 }',
    ]);
  });

  it('reports a sharded collection whose unique index does not start with the shard key', () => {
    expect(
      problemsWith(
        edited(
          /rad_sets: \{\s+unsharded:\s+("[^"]*"|'[^']*'),/,
          'rad_sets: { key: ID, idStartsWithOrg: true, why: "x",',
        ),
      ),
    ).toEqual([
      'vantage_traffic_monitor.rad_sets: unique index { orgId: 1, nameKey: 1 } does not start with the shard key { _id: 1 }',
    ]);
  });

  it("reports a script that shards without the key's index or without enabling the database", () => {
    expect(problemsWith(edited('target.getCollection(name).createIndex(plan.key);', ''))).toContain(
      "vantage_gateway.organizations: the script does not create the shard key's index before sharding",
    );
    expect(problemsWith(edited('sh.enableSharding(database);', ''))).toContain(
      'vantage_gateway.organizations: the script does not enable sharding on vantage_gateway first',
    );
  });

  it('docs/mongodb-sharding.md carries the tables rendered from the plan', () => {
    const doc = readText(DOC);
    const rendered = withTables(doc, renderShardTables(runShardScript(script).plan));
    expect(tableText(doc)).toBe(tableText(rendered));
  });
});
