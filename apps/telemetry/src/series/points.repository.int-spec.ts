import {
  expectKeyedQuery,
  requiredTestEnv,
  testDatabaseName,
} from '@vantage/service-runtime/testing';
import { type Model, mongo } from 'mongoose';
import { type BucketWrite, PointsRepository } from './points.repository';
import { POINTS_COLLECTION, type PointsBucket, type PointsResolution } from './points.schema';
import { pointsDocId } from './series-identity';

const ORG = 'org_points_write_path';
const MINUTE = 60_000;
/** A whole minute in the recent past. */
const START = Math.floor((Date.now() - 10 * MINUTE) / MINUTE) * MINUTE;

/** A write of samples at the given seconds of START's minute, each of value `value`. */
function writeOf(seriesId: string, seconds: readonly number[], value = 1): BucketWrite {
  const ts = seconds.map((second) => START + second * 1000);
  return {
    seriesId,
    startMs: START,
    count: ts.length,
    sum: ts.length * value,
    min: value,
    max: value,
    last: value,
    lastTs: Math.max(...ts),
    ts,
  };
}

/** The write path of points, against the test FerretDB, on the driver's own collections. */
describe('PointsRepository.apply', () => {
  let client: mongo.MongoClient;
  let collections: Record<PointsResolution, mongo.Collection<PointsBucket>>;
  let repository: PointsRepository;
  /** Every filter of an update or findAndModify the repository sent, as the server got it. */
  const writeFilters: { command: string; filter: mongo.Document; change: mongo.Document }[] = [];

  beforeAll(async () => {
    client = await new mongo.MongoClient(requiredTestEnv('MONGO_URL'), {
      monitorCommands: true,
    }).connect();
    client.on('commandStarted', (event) => {
      const command = event.command;
      if (event.commandName === 'update') {
        for (const statement of command['updates'] as mongo.Document[]) {
          writeFilters.push({ command: 'update', filter: statement['q'], change: statement['u'] });
        }
      }
      if (event.commandName === 'findAndModify') {
        writeFilters.push({
          command: 'findAndModify',
          filter: command['query'],
          change: command['update'],
        });
      }
    });
    const db = client.db(testDatabaseName());
    collections = {
      minute: db.collection<PointsBucket>(POINTS_COLLECTION.minute),
      hour: db.collection<PointsBucket>(POINTS_COLLECTION.hour),
    };
    await collections.minute.deleteMany({ orgId: ORG });
    // The repository only reaches its models' driver collections.
    const modelOf = (collection: mongo.Collection<PointsBucket>) =>
      ({ collection }) as unknown as Model<PointsBucket>;
    repository = new PointsRepository(modelOf(collections.minute), modelOf(collections.hour));
  });

  afterAll(async () => {
    await client?.close();
  });

  const stored = (seriesId: string) =>
    collections.minute.findOne({ _id: pointsDocId(ORG, seriesId, START) });

  it('adds to an existing bucket with writes addressed by _id alone, which the store does not scan for', async () => {
    await repository.apply('minute', ORG, 'batch-a', [writeOf('ser_keyed', [1, 2])]);
    writeFilters.length = 0;

    await repository.apply('minute', ORG, 'batch-b', [writeOf('ser_keyed', [3], 5)]);

    expect(writeFilters.length).toBeGreaterThan(0);
    const id = pointsDocId(ORG, 'ser_keyed', START);
    for (const { filter, change } of writeFilters) {
      expect(filter).toEqual({ _id: id });
      await expectKeyedQuery(collections.minute, { update: filter, change });
    }
    expect(await stored('ser_keyed')).toMatchObject({
      count: 3,
      sum: 7,
      min: 1,
      max: 5,
      ts: [START + 1000, START + 2000, START + 3000],
    });
  });

  it('adds a batch applied again, one after the other, once', async () => {
    const write = writeOf('ser_again', [10, 20]);
    await repository.apply('minute', ORG, 'batch-1', [write]);
    await repository.apply('minute', ORG, 'batch-2', [writeOf('ser_again', [30])]);
    await repository.apply('minute', ORG, 'batch-2', [writeOf('ser_again', [30])]);
    await repository.apply('minute', ORG, 'batch-1', [write]);

    expect(await stored('ser_again')).toMatchObject({
      count: 3,
      sum: 3,
      ts: [START + 10_000, START + 20_000, START + 30_000],
    });
  });

  it('adds copies of one batch racing each other in one replica once, on a new bucket and on an existing one', async () => {
    const copies = (batchId: string, write: BucketWrite) =>
      Promise.all([0, 1, 2].map(() => repository.apply('minute', ORG, batchId, [write])));
    await copies('race-1', writeOf('ser_race', [1, 1]));
    await copies('race-2', writeOf('ser_race', [2], 4));

    expect(await stored('ser_race')).toMatchObject({
      count: 3,
      sum: 6,
      min: 1,
      max: 4,
      ts: [START + 1000, START + 1000, START + 2000],
    });
  });
});
