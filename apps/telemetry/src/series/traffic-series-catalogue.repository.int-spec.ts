import {
  expectKeyedQuery,
  requiredTestEnv,
  testDatabaseName,
} from '@vantage/service-runtime/testing';
import { type Model, mongo } from 'mongoose';
import {
  trafficCatalogueFilter,
  trafficCatalogueWidening,
  TrafficSeriesCatalogueRepository,
} from './traffic-series-catalogue.repository';
import type { TrafficSeriesCatalogueEntry } from './traffic-series-catalogue.schema';

const MINUTE = 60_000;
const BASE = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;

/** The traffic series catalogue against the test FerretDB, on the driver's own collection. */
describe('TrafficSeriesCatalogueRepository', () => {
  let client: mongo.MongoClient;
  let collection: mongo.Collection<TrafficSeriesCatalogueEntry>;
  let repository: TrafficSeriesCatalogueRepository;
  const org = `org_traffic_catalogue_${Date.now()}`;

  beforeAll(async () => {
    client = await new mongo.MongoClient(requiredTestEnv('MONGO_URL')).connect();
    collection = client
      .db(testDatabaseName())
      .collection<TrafficSeriesCatalogueEntry>('telemetry_traffic_series');
    repository = new TrafficSeriesCatalogueRepository({
      collection,
    } as unknown as Model<TrafficSeriesCatalogueEntry>);
  });

  afterAll(async () => {
    await client.close();
  });

  it('widens dotted event ids by $min/$max in any order, twice or not', async () => {
    const now = new Date();
    await repository.widen(
      org,
      [{ eventId: 'shop.checkout', firstMs: BASE + 5 * MINUTE, lastMs: BASE + 6 * MINUTE }],
      now,
    );
    await repository.widen(
      org,
      [{ eventId: 'shop.checkout', firstMs: BASE + 5 * MINUTE, lastMs: BASE + 6 * MINUTE }],
      now,
    );
    await repository.widen(
      org,
      [
        { eventId: 'shop.checkout', firstMs: BASE, lastMs: BASE + MINUTE },
        { eventId: '__proto__', firstMs: BASE, lastMs: BASE },
      ],
      now,
    );

    const read = await repository.read(org);

    expect([...read.series]).toEqual([
      ['shop.checkout', { f: BASE, l: BASE + 6 * MINUTE }],
      ['__proto__', { f: BASE, l: BASE }],
    ]);
    expect(read.backfilled).toBe(false);
  });

  it('records a backfill once without touching the flushed minutes', async () => {
    await repository.backfill(org, ['legacy.signup'], new Date());

    const read = await repository.read(org);

    expect(read).toMatchObject({ backfill: ['legacy.signup'], backfilled: true });
    expect(read.series.get('shop.checkout')).toEqual({ f: BASE, l: BASE + 6 * MINUTE });
  });

  it('reads and writes the organisation document by _id alone (no scan)', async () => {
    await expectKeyedQuery(collection, { find: trafficCatalogueFilter(org) });
    await expectKeyedQuery(collection, {
      update: trafficCatalogueFilter(org),
      change: trafficCatalogueWidening(
        [{ eventId: 'shop.checkout', firstMs: BASE, lastMs: BASE }],
        new Date(),
      ),
    });
  });
});
