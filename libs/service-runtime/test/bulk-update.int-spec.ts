import { randomBytes } from 'node:crypto';
import mongoose, { mongo } from 'mongoose';
import { bulkUpdate, isFerretDb } from '../src/mongo/bulk-update';

// A bulk of 150 updates to existing documents: one update command of that size makes FerretDB v1
// wait for itself for good (it needs a SQLite connection per statement, 100 per database), so
// this test hangs and times out if bulkUpdate sends one command against FerretDB.
describe('bulkUpdate against the test MongoDB-wire server', () => {
  const client = new mongo.MongoClient(process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017', {
    maxPoolSize: 20,
  });
  const db = client.db(`bulk_update_${randomBytes(4).toString('hex')}`);
  const collection = db.collection<{ _id: string; value: number; seen: string[] }>('counters');

  beforeAll(async () => {
    await client.connect();
  });

  afterAll(async () => {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  });

  it('applies every conditional update of a large bulk exactly once', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `doc-${i}`);
    await collection.insertMany(ids.map((_id) => ({ _id, value: 1, seen: [] })));
    const updates = ids.map((_id) => ({
      filter: { _id, seen: { $ne: 'batch-1' } },
      update: { $inc: { value: 2 }, $push: { seen: 'batch-1' } },
    }));
    await bulkUpdate(collection, updates);
    // The same batch again changes nothing: its filter no longer matches.
    await bulkUpdate(collection, updates);
    const docs = await collection.find({}).toArray();
    expect(docs).toHaveLength(150);
    expect(docs.every((doc) => doc.value === 3 && doc.seen.length === 1)).toBe(true);
  }, 20_000);

  it('works on a mongoose model’s collection too', async () => {
    const connection = await mongoose
      .createConnection(process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017', {
        dbName: db.databaseName,
      })
      .asPromise();
    try {
      const model = connection.model(
        'Counter',
        new mongoose.Schema({ _id: String, value: Number }),
      );
      await model.collection.insertOne({ _id: 'm1', value: 1 } as never);
      await bulkUpdate(
        model.collection as unknown as mongo.Collection<{ _id: string; value: number }>,
        [{ filter: { _id: 'm1' }, update: { $inc: { value: 1 } } }],
      );
      expect((await model.collection.findOne({ _id: 'm1' } as never))?.['value']).toBe(2);
    } finally {
      await connection.close();
    }
  });

  it('tells FerretDB apart from MongoDB by its buildInfo', async () => {
    const info = await db.admin().command({ buildInfo: 1 });
    expect(await isFerretDb(db)).toBe(typeof info['ferretdbVersion'] === 'string');
  });

  it('goes on after a failed statement and reports the failure', async () => {
    await collection.insertOne({ _id: 'x', value: 1, seen: [] });
    await collection.insertOne({ _id: 'y', value: 1, seen: [] });
    await expect(
      bulkUpdate(collection, [
        { filter: { _id: 'x' }, update: { $inc: { seen: 1 } } as never },
        { filter: { _id: 'y' }, update: { $inc: { value: 1 } } },
      ]),
    ).rejects.toThrow();
    expect((await collection.findOne({ _id: 'y' }))?.value).toBe(2);
  });
});
