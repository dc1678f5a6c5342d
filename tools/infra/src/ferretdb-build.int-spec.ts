// The FerretDB tools/infra builds, against real stores of its own (a PostgreSQL cluster and SQLite
// files in a temp dir): documents are found by `_id` as before the build's patch, and now through
// the `_id_` index (ferretdb-patches.ts; unpatched FerretDB v1.24 scans the collection). Last,
// infra:down stops a FerretDB and the postgres it stores into when state.json records them.
import fs from 'node:fs';
import path from 'node:path';
import mongoose, { type mongo } from 'mongoose';
import { infraDown } from './infra';
import { infraPaths } from './paths';
import { privateStoresDir, startStores, type StoreServer } from './private-stores';
import { isAlive } from './processes';
import { writeState } from './state';

const FILLER = 300;

type Doc = { _id: string | mongo.ObjectId; v: number };

describe('the FerretDB tools/infra builds', () => {
  const dir = privateStoresDir('ferretdb-build-spec');
  let stores: StoreServer[] = [];
  const clients: mongo.MongoClient[] = [];
  const collections = new Map<string, mongo.Collection<Doc>>();
  const databases = new Map<string, mongo.Db>();
  const objectId = new mongoose.mongo.ObjectId();

  beforeAll(async () => {
    // Reuses .infra/bin/ferretdb when it is up to date; a cold build takes a minute or two.
    stores = await startStores(dir, {}, () => undefined);
    for (const store of stores) {
      const client = await new mongoose.mongo.MongoClient(store.mongoUrl).connect();
      clients.push(client);
      const collection = client.db('ferretdb_build_spec').collection<Doc>('docs');
      await collection.insertMany([
        { _id: 'org:a:1', v: 1 },
        { _id: objectId, v: 2 },
        ...Array.from({ length: FILLER }, (_, i) => ({ _id: `org:filler:${i}`, v: 0 })),
      ]);
      collections.set(store.backend, collection);
      databases.set(store.backend, client.db('ferretdb_build_spec'));
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all(stores.map((store) => store.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const on = (backend: string): mongo.Collection<Doc> => {
    const collection = collections.get(backend);
    if (collection === undefined) throw new Error(`no ${backend} store`);
    return collection;
  };

  it.each(['postgresql', 'sqlite'])(
    'reads, updates and deletes by string and ObjectId _id on %s',
    async (backend) => {
      const docs = on(backend);
      expect(await docs.findOne({ _id: 'org:a:1' })).toEqual({ _id: 'org:a:1', v: 1 });
      expect(await docs.findOne({ _id: objectId })).toEqual({ _id: objectId, v: 2 });
      expect(await docs.findOne({ _id: new mongoose.mongo.ObjectId() })).toBeNull();
      expect(await docs.findOne({ _id: 'org:a:2' })).toBeNull();
      // A guard beside the _id still filters.
      expect(await docs.findOne({ _id: 'org:a:1', v: 2 })).toBeNull();
      expect((await docs.updateOne({ _id: objectId }, { $inc: { v: 1 } })).modifiedCount).toBe(1);
      expect(await docs.findOne({ _id: objectId })).toEqual({ _id: objectId, v: 3 });
      expect((await docs.deleteOne({ _id: 'org:filler:7' })).deletedCount).toBe(1);
      expect(await docs.countDocuments({})).toBe(FILLER + 1);
    },
  );

  const plan = async (backend: string, filter: mongo.Document): Promise<string> => {
    const docs = on(backend);
    const db = databases.get(backend);
    if (db === undefined) throw new Error(`no ${backend} store`);
    const reply = await db.command({
      explain: { find: docs.collectionName, filter },
      verbosity: 'queryPlanner',
    });
    expect(reply['filterPushdown']).toBe(true);
    return JSON.stringify(reply['queryPlanner']);
  };

  it('looks documents up by _id through the _id_ index on PostgreSQL, with or without a guard', async () => {
    for (const filter of [{ _id: 'org:a:1' }, { _id: objectId }, { _id: 'org:a:1', v: 1 }]) {
      const planner = await plan('postgresql', filter);
      expect(planner).toContain('"Node Type":"Index Scan"');
      expect(planner).toMatch(/"Index Name":"[^"]*__id__/);
    }
  });

  it('looks documents up by _id through the _id_ index on SQLite', async () => {
    for (const filter of [{ _id: 'org:a:1' }, { _id: objectId }]) {
      expect(await plan('sqlite', filter)).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    }
  });

  it('stops FerretDB and its postgres on infra:down', async () => {
    const onPostgres = stores.find((store) => store.backend === 'postgresql');
    const postgresPid = onPostgres?.trees[0];
    const ferretdbPid = onPostgres?.pids[0];
    if (postgresPid === undefined || ferretdbPid === undefined)
      throw new Error('no postgresql store');
    const root = path.join(dir, 'root');
    writeState(infraPaths(root).stateFile, {
      redisUrl: 'redis://127.0.0.1:1',
      redisKind: 'external',
      mongoUrl: onPostgres?.mongoUrl ?? '',
      mongoKind: 'ferretdb',
      ferretdbBackend: 'postgresql',
      postgresUrl: 'postgres://ferretdb@127.0.0.1:1/postgres',
      stripeApiUrl: 'http://127.0.0.1:1',
      stripeKind: 'external',
      smtpUrl: 'smtp://127.0.0.1:1',
      maildevApiUrl: null,
      mailKind: 'external',
      pids: { mongo: ferretdbPid, postgres: postgresPid },
      startedAt: new Date().toISOString(),
    });
    await infraDown({ root });
    expect(isAlive(ferretdbPid)).toBe(false);
    expect(isAlive(postgresPid)).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8')).toContain(
      'received fast shutdown request',
    );
  }, 30_000);
});
