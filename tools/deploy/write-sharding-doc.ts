import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { readText, renderShardTables, runShardScript, withTables } from './mongodb-sharding';

// Rewrites the generated tables of docs/mongodb-sharding.md from the PLAN of
// deploy/mongodb/shard-collections.js, formatted as the repository's prettier formats markdown.
// Usage: npx tsx --tsconfig tsconfig.base.json tools/deploy/write-sharding-doc.ts
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const docPath = join(root, 'docs', 'mongodb-sharding.md');
  const { plan } = runShardScript(
    readText(join(root, 'deploy', 'mongodb', 'shard-collections.js')),
  );
  const text = withTables(readText(docPath), renderShardTables(plan));
  const options = (await resolveConfig(docPath)) ?? {};
  writeFileSync(docPath, await format(text, { ...options, filepath: docPath }));
  console.log(`${docPath}: tables written`);
}

void main();
