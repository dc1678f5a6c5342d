import {
  expectKeyedQuery,
  requiredTestEnv,
  testDatabaseName,
} from '@vantage/service-runtime/testing';
import { randomBytes } from 'node:crypto';
import { type Model, mongo } from 'mongoose';
import { catalogueDocId } from './series-identity';
import {
  legacySeriesIndexFilter,
  SERIES_INDEX_PARTS,
  seriesIndexFilter,
  seriesIndexPartOf,
  seriesIndexUpdate,
  SeriesIndexRepository,
} from './series-index.repository';
import type { SeriesIndexDoc, SeriesOrgsDoc } from './series-index.schema';
import {
  entryWidening,
  firstTimestampFix,
  type SeriesSighting,
  SeriesRepository,
} from './series.repository';
import type { SeriesEntry } from './series.schema';

const MINUTE = 60_000;
const BASE = Math.floor(Date.now() / MINUTE) * MINUTE - 120 * MINUTE;

function sighting(
  orgId: string,
  seriesId: string,
  name: string,
  first: number | null,
  last: number | null,
  source: SeriesSighting['source'] = 'samples',
): SeriesSighting {
  return {
    orgId,
    seriesId,
    name,
    labels: { region: 'eu' },
    kind: 'gauge',
    source,
    intervalMs: null,
    firstTimestamp: first,
    lastTimestamp: last,
  };
}

/** The series catalogue's read paths against the test store, on the driver's own collections. */
describe('SeriesRepository read paths', () => {
  let client: mongo.MongoClient;
  let entries: mongo.Collection<SeriesEntry>;
  let index: mongo.Collection<SeriesIndexDoc>;
  let orgs: mongo.Collection<SeriesOrgsDoc>;
  let repository: SeriesRepository;
  /** Every read the repository sent while `recording`, by collection. */
  let reads: { collection: string; command: string; filter: mongo.Document }[] = [];
  let recording = false;
  const newOrg = () => `org_series_read_${randomBytes(6).toString('hex')}`;
  const id = (n: number) => `ser_${String(n).padStart(22, '0')}`;

  beforeAll(async () => {
    client = await new mongo.MongoClient(requiredTestEnv('MONGO_URL'), {
      monitorCommands: true,
    }).connect();
    client.on('commandStarted', (event) => {
      if (!recording) return;
      const command = event.command;
      if (event.commandName === 'find') {
        reads.push({ collection: command['find'], command: 'find', filter: command['filter'] });
      }
      if (event.commandName === 'aggregate' || event.commandName === 'count') {
        reads.push({
          collection: command[event.commandName],
          command: event.commandName,
          filter: command['query'] ?? command['pipeline'],
        });
      }
    });
    const db = client.db(testDatabaseName());
    entries = db.collection<SeriesEntry>('telemetry_series');
    index = db.collection<SeriesIndexDoc>('telemetry_series_index');
    orgs = db.collection<SeriesOrgsDoc>('telemetry_series_orgs');
    repository = new SeriesRepository(
      { collection: entries } as unknown as Model<SeriesEntry>,
      new SeriesIndexRepository(
        { collection: index } as unknown as Model<SeriesIndexDoc>,
        { collection: entries } as unknown as Model<SeriesEntry>,
        { collection: orgs } as unknown as Model<SeriesOrgsDoc>,
      ),
    );
  });

  afterAll(async () => {
    await client.close();
  });

  /** Runs `read` and fails if any query it sent would scan its collection. */
  async function expectOnlyKeyedReads<T>(read: () => Promise<T>): Promise<T> {
    reads = [];
    recording = true;
    let result: T;
    try {
      result = await read();
    } finally {
      recording = false;
    }
    expect(reads.length).toBeGreaterThan(0);
    for (const query of reads) {
      expect(query.command).toBe('find');
      const collection = [index, orgs, entries].find(
        (candidate) => candidate.collectionName === query.collection,
      ) as unknown as mongo.Collection;
      await expectKeyedQuery(collection, { find: query.filter });
    }
    return result;
  }

  it('lists, counts and checks series by keyed reads only', async () => {
    const org = newOrg();
    await repository.record(
      [
        sighting(org, id(3), 'b.metric', BASE, BASE + MINUTE),
        sighting(org, id(1), 'a.metric', BASE, BASE + 5 * MINUTE),
        sighting(org, id(2), 'a.metric', null, null),
        sighting(org, id(4), 'vantage.x', BASE, BASE + 2 * MINUTE, 'golden-signals'),
      ],
      new Date(),
    );
    // Warm: the first read of an org may build its index once (see the next test).
    await repository.count(org);

    const page = await expectOnlyKeyedReads(() => repository.list({ orgId: org, limit: 2 }));
    const next = await expectOnlyKeyedReads(() =>
      repository.list({ orgId: org, limit: 10, after: { name: 'a.metric', seriesId: id(2) } }),
    );
    const prefixed = await expectOnlyKeyedReads(() =>
      repository.list({ orgId: org, limit: 10, namePrefix: 'a.', source: 'samples' }),
    );
    const golden = await expectOnlyKeyedReads(() =>
      repository.list({ orgId: org, limit: 10, source: 'golden-signals' }),
    );
    const count = await expectOnlyKeyedReads(() => repository.count(org));
    const existing = await expectOnlyKeyedReads(() =>
      repository.existing(org, [id(1), id(4), id(9)]),
    );
    const active = await expectOnlyKeyedReads(() =>
      repository.activeSince(org, BASE + 2 * MINUTE, 10),
    );

    expect(page.map((entry) => [entry.name, entry.seriesId])).toEqual([
      ['a.metric', id(1)],
      ['a.metric', id(2)],
    ]);
    expect(page[0]).toEqual({
      _id: catalogueDocId(org, id(1)),
      orgId: org,
      seriesId: id(1),
      name: 'a.metric',
      labels: { region: 'eu' },
      kind: 'gauge',
      source: 'samples',
      intervalMs: null,
      firstTimestamp: BASE,
      lastTimestamp: BASE + 5 * MINUTE,
      createdAt: expect.any(Date),
    });
    expect(page[1]).toMatchObject({ firstTimestamp: null, lastTimestamp: null });
    expect(next.map((entry) => entry.seriesId)).toEqual([id(3), id(4)]);
    expect(prefixed.map((entry) => entry.seriesId)).toEqual([id(1), id(2)]);
    expect(golden.map((entry) => entry.seriesId)).toEqual([id(4)]);
    expect(count).toBe(4);
    expect([...existing].sort()).toEqual([id(1), id(4)]);
    expect(active.map((entry) => entry.seriesId)).toEqual([id(1), id(4)]);
    expect(await repository.list({ orgId: newOrg(), limit: 10 })).toEqual([]);
  });

  it('widens timestamps in the index as the entries, a first timestamp after a null one too', async () => {
    const org = newOrg();
    await repository.record([sighting(org, id(1), 'a.metric', null, null)], new Date());
    await repository.record(
      [sighting(org, id(1), 'a.metric', BASE + MINUTE, BASE + 2 * MINUTE)],
      new Date(),
    );
    await repository.record([sighting(org, id(1), 'a.metric', BASE, BASE + MINUTE)], new Date());

    const [listed] = await repository.list({ orgId: org, limit: 1 });

    expect(listed).toMatchObject({ firstTimestamp: BASE, lastTimestamp: BASE + 2 * MINUTE });
    expect(await repository.get(org, id(1))).toMatchObject({
      firstTimestamp: BASE,
      lastTimestamp: BASE + 2 * MINUTE,
    });
  });

  it('builds the index of an org whose entries predate it once, then reads it by key', async () => {
    const org = newOrg();
    await entries.insertOne({
      ...sighting(org, id(7), 'old.metric', BASE, BASE),
      _id: catalogueDocId(org, id(7)),
      createdAt: new Date(BASE),
    });

    expect((await repository.list({ orgId: org, limit: 10 })).map((e) => e.seriesId)).toEqual([
      id(7),
    ]);
    await repository.record([sighting(org, id(8), 'new.metric', BASE, BASE)], new Date());
    const listed = await expectOnlyKeyedReads(() => repository.list({ orgId: org, limit: 10 }));

    expect(listed.map((entry) => entry.seriesId)).toEqual([id(8), id(7)]);
  });

  it("pages every org's active series by catalogue id for the anomaly scan, by keyed reads", async () => {
    const [first, second] = [newOrg(), newOrg()].sort();
    for (const org of [first, second] as string[]) {
      await repository.record(
        [
          sighting(org, id(1), 'a.metric', BASE, BASE + 10 * MINUTE),
          sighting(org, id(2), 'b.metric', BASE, BASE),
          sighting(org, id(3), 'c.metric', BASE, BASE + 20 * MINUTE),
        ],
        new Date(),
      );
    }
    const mine = (page: SeriesEntry[]) =>
      page.filter((entry) => entry.orgId === first || entry.orgId === second).map((e) => e._id);
    const since = BASE + 5 * MINUTE;

    const pages: string[] = [];
    // From the first org on: other test runs' orgs share the registry.
    let afterId: string | null = `${first as string}/`;
    for (;;) {
      const page = await expectOnlyKeyedReads(() =>
        repository.activeAcrossOrgsSince(since, afterId, 2),
      );
      pages.push(...mine(page));
      const last = page.at(-1);
      if (!last || last.orgId > (second as string)) break;
      afterId = last._id;
    }

    expect(pages).toEqual([
      catalogueDocId(first as string, id(1)),
      catalogueDocId(first as string, id(3)),
      catalogueDocId(second as string, id(1)),
      catalogueDocId(second as string, id(3)),
    ]);
  });

  it("spreads an org's many series over index parts, each holding a bounded share", async () => {
    const org = newOrg();
    const many = Array.from({ length: 400 }, (_, n) =>
      sighting(org, id(n), `m.${n % 7}`, BASE, BASE + n),
    );
    await repository.record(many, new Date());
    await repository.record(
      many.slice(0, 30).map((s) => ({ ...s, lastTimestamp: BASE + 1000 * MINUTE })),
      new Date(),
    );

    const parts = Array.from(
      { length: SERIES_INDEX_PARTS },
      (_, k) => seriesIndexFilter(org, k)._id,
    );
    const docs = await index.find({ _id: { $in: [org, ...parts] } }).toArray();
    const held = docs.map((doc) => Object.keys(doc.series ?? {}).length);

    expect(docs.map((doc) => doc._id).sort()).toEqual([...parts].sort());
    expect(held.reduce((sum, n) => sum + n, 0)).toBe(400);
    // A stable hash spreads 400 series over the parts: never more than twice an even share.
    for (const n of held) expect(n).toBeLessThanOrEqual((2 * 400) / SERIES_INDEX_PARTS);
    expect(await expectOnlyKeyedReads(() => repository.count(org))).toBe(400);
    const widened = await repository.list({ orgId: org, limit: 400 });
    expect(widened.filter((e) => e.lastTimestamp === BASE + 1000 * MINUTE)).toHaveLength(30);
  });

  it("reads and folds a deployment's single-document index of an org into its parts", async () => {
    const org = newOrg();
    const legacy = (n: number, interval: number | undefined, last: number) => ({
      n: `old.${n}`,
      b: { region: 'eu' },
      k: 'gauge' as const,
      s: 'samples' as const,
      ...(interval === undefined ? {} : { i: interval }),
      c: new Date(BASE),
      f: BASE,
      t: last,
    });
    // Written by the previous version: no catalogue entries here, so a build would list nothing.
    await index.insertOne({
      _id: org,
      series: { [id(1)]: legacy(1, MINUTE, BASE), [id(2)]: legacy(2, 5 * MINUTE, BASE) },
      complete: true,
      updatedAt: new Date(BASE),
    });

    const listed = await expectOnlyKeyedReads(() => repository.list({ orgId: org, limit: 10 }));

    expect(listed.map((e) => [e.seriesId, e.intervalMs])).toEqual([
      [id(1), MINUTE],
      [id(2), 5 * MINUTE],
    ]);
    expect(await index.findOne({ _id: org })).toBeNull();

    // A replica of the previous version still running writes the single document again.
    await index.insertOne({
      _id: org,
      series: { [id(2)]: legacy(2, undefined, BASE + 9 * MINUTE) },
      updatedAt: new Date(),
    });
    await repository.record([sighting(org, id(3), 'new.metric', BASE, BASE)], new Date());
    const after = await expectOnlyKeyedReads(() => repository.list({ orgId: org, limit: 10 }));

    expect(after.map((e) => [e.seriesId, e.intervalMs, e.lastTimestamp])).toEqual([
      [id(3), null, BASE],
      [id(1), MINUTE, BASE],
      [id(2), 5 * MINUTE, BASE + 9 * MINUTE],
    ]);
    expect(await index.findOne({ _id: org })).toBeNull();
  });

  it('builds from the entries an org whose legacy single document is not complete', async () => {
    const org = newOrg();
    await entries.insertMany(
      [id(1), id(2)].map((seriesId) => ({
        ...sighting(org, seriesId, 'old.metric', BASE, BASE),
        _id: catalogueDocId(org, seriesId),
        createdAt: new Date(BASE),
      })),
    );
    // Only recorded by the previous version, never read: it has one of the two entries.
    await index.insertOne({
      _id: org,
      series: {
        [id(2)]: { n: 'old.metric', b: {}, k: 'gauge', s: 'samples', i: null, c: new Date(BASE) },
      },
      updatedAt: new Date(BASE),
    });

    expect((await repository.list({ orgId: org, limit: 10 })).map((e) => e.seriesId)).toEqual([
      id(1),
      id(2),
    ]);
    expect(await index.findOne({ _id: org })).toBeNull();
    expect(await expectOnlyKeyedReads(() => repository.count(org))).toBe(2);
  });

  it('builds again an index one of whose parts a stopped build left not complete', async () => {
    const org = newOrg();
    const entryOf = (n: number) => ({
      ...sighting(org, id(n), 'old.metric', BASE, BASE),
      _id: catalogueDocId(org, id(n)),
      createdAt: new Date(BASE),
    });
    await entries.insertOne(entryOf(1));
    expect(await repository.count(org)).toBe(1);
    // As if the build had stopped before marking this part, with an entry it had not entered.
    await entries.insertOne(entryOf(2));
    await index.updateOne(seriesIndexFilter(org, seriesIndexPartOf(id(2))), {
      $unset: { complete: '' },
    });

    expect(await repository.count(org)).toBe(2);
    expect(await expectOnlyKeyedReads(() => repository.count(org))).toBe(2);
  });

  it('writes the index by _id alone', async () => {
    const org = newOrg();
    const entry = {
      ...sighting(org, id(1), 'a.metric', BASE, BASE),
      _id: catalogueDocId(org, id(1)),
      createdAt: new Date(),
    };
    const part = seriesIndexPartOf(entry.seriesId);
    await expectKeyedQuery(index, {
      update: seriesIndexFilter(org, part),
      change: seriesIndexUpdate([{ entry, isNew: true }], new Date()),
    });
    await expectKeyedQuery(index, { find: seriesIndexFilter(org, part) });
    await expectKeyedQuery(index, { find: legacySeriesIndexFilter(org) });
    await expectKeyedQuery(index, { delete: legacySeriesIndexFilter(org) });
    await expectKeyedQuery(entries, { find: { _id: catalogueDocId(org, id(1)) } });
  });

  it('writes catalogue entries by keyed filters', async () => {
    const org = newOrg();
    await repository.record([sighting(org, id(1), 'a.metric', null, null)], new Date());
    const entry = {
      ...sighting(org, id(1), 'a.metric', BASE, BASE),
      _id: catalogueDocId(org, id(1)),
      createdAt: new Date(),
    };
    for (const write of [entryWidening(entry), firstTimestampFix(entry)]) {
      await expectKeyedQuery(entries, { update: write.filter, change: write.update });
    }
  });
});
