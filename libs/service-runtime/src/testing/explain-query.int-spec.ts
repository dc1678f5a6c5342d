import { mongo } from 'mongoose';
import { explainQuery, expectKeyedQuery } from './explain-query';
import { requiredTestEnv, testDatabaseName } from './test-names';

describe('explainQuery against the test store', () => {
  let client: mongo.MongoClient;
  let collection: mongo.Collection;

  beforeAll(async () => {
    client = await new mongo.MongoClient(requiredTestEnv('MONGO_URL')).connect();
    collection = client.db(testDatabaseName()).collection('explained');
    await collection.deleteMany({});
    await collection.insertMany([
      { _id: 'o1:a' as unknown as mongo.ObjectId, orgId: 'o1', n: 1 },
      { _id: 'o1:b' as unknown as mongo.ObjectId, orgId: 'o1', n: 2 },
    ]);
  });

  afterAll(async () => {
    await client.close();
  });

  it('calls a find by _id alone keyed', async () => {
    const plan = await explainQuery(collection, { find: { _id: 'o1:a' } });
    expect(plan.keyed).toBe(true);
  });

  it('calls an update and a delete by _id alone keyed', async () => {
    await expectKeyedQuery(collection, { update: { _id: 'o1:a' }, change: { $inc: { n: 1 } } });
    await expectKeyedQuery(collection, { delete: { _id: 'o1:b' } });
  });

  it('flags a lookup of several ids as a scan on FerretDB (no backend pushes `$in` down)', async () => {
    const plan = await explainQuery(collection, { find: { _id: { $in: ['o1:a', 'o1:b'] } } });
    expect(plan.keyed).toBe(plan.store === 'mongodb');
  });

  it('explains a query on a collection that does not exist yet by its filter', async () => {
    const fresh = client.db(testDatabaseName()).collection(`fresh_${Date.now()}`);
    await expectKeyedQuery(fresh, { find: { _id: 'o1:a' } });
    await fresh.drop();
  });

  it('fails expectKeyedQuery with the plan on a range over an unindexed field', async () => {
    await expect(expectKeyedQuery(collection, { find: { n: { $gte: 1 } } })).rejects.toThrow(
      /would scan explained for .*"\$gte":1/,
    );
  });

  it('leaves the documents untouched', async () => {
    expect(await collection.countDocuments({})).toBe(2);
  });
});
