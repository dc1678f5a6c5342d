import { mongo } from 'mongoose';
import { mapConcurrently } from '../async/map-concurrently';

/**
 * FerretDB v1 (the MongoDB-wire server of local runs and tests) keeps every statement's SQLite
 * cursor of an `update` command open until the whole command ends, and each statement also
 * needs a connection of its own for its transaction. A bulk of updates to existing documents
 * thus needs one SQLite connection per statement, and past FerretDB's 100 per database the
 * command waits for itself: the database (and every client of it) hangs for good.
 * Against FerretDB each update goes as its own command, a few at a time; against MongoDB the
 * bulk stays one round trip.
 */
const FERRETDB_PARALLEL_UPDATES = 4;

export type UpdateOneModel<T extends mongo.Document> = mongo.UpdateOneModel<T>;

/** Unordered bulk of updateOne statements, safe on FerretDB (see above). */
export async function bulkUpdate<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  updates: readonly UpdateOneModel<T>[],
): Promise<void> {
  if (updates.length === 0) return;
  const db = driverDbOf(collection);
  // A server we cannot ask about gets the safe path.
  if (db !== undefined && !(await isFerretDb(db))) {
    await collection.bulkWrite(
      updates.map((updateOne) => ({ updateOne })),
      { ordered: false },
    );
    return;
  }
  // Unordered: one failed statement does not stop the others; the first failure is thrown.
  await mapConcurrently(updates, FERRETDB_PARALLEL_UPDATES, async (model) => {
    const { filter, update, ...options } = model;
    await collection.updateOne(filter, update, options);
  });
}

/**
 * The driver's Db behind a collection: the driver's own collections carry it as `db`; mongoose's
 * (`Model.collection`, cast to the driver type by callers) reach it through their connection.
 */
function driverDbOf(collection: unknown): mongo.Db | undefined {
  const candidate = collection as { db?: mongo.Db; conn?: { db?: mongo.Db } };
  return candidate.db ?? candidate.conn?.db;
}

const flavours = new WeakMap<mongo.MongoClient, Promise<boolean>>();

/** True when the server is FerretDB (its buildInfo names its own version); asked once per client. */
export function isFerretDb(db: mongo.Db): Promise<boolean> {
  let known = flavours.get(db.client);
  if (known === undefined) {
    known = db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => typeof info['ferretdbVersion'] === 'string');
    // A failed probe (server away) is asked again next time rather than remembered.
    known.catch(() => flavours.delete(db.client));
    flavours.set(db.client, known);
  }
  return known;
}
