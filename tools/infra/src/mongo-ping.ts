// The driver comes through mongoose (a direct dependency) rather than `import 'mongodb'`,
// which would only resolve because npm happens to hoist mongoose's copy.
import { mongo } from 'mongoose';

/**
 * A real round trip (`ping` on admin), not just a TCP accept: proves whatever owns the port
 * speaks the MongoDB protocol. Bounded in time as a whole: a server that accepts connections
 * but never answers (a hung FerretDB) counts as down instead of holding infra's lock forever.
 */
export async function pingMongo(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new mongo.MongoClient(url, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs,
    appName: 'vantage-infra',
  });
  try {
    await client.connect();
    const reply = await client.db('admin').command({ ping: 1 });
    return Number(reply['ok']) === 1;
  } finally {
    await client.close();
  }
}
