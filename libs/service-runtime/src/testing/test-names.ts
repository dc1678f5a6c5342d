import { randomBytes } from 'node:crypto';
import path from 'node:path';

function testFileStem(testFile: string): string {
  return path
    .basename(testFile)
    .replace(/\.(int-|e2e-)?spec\.ts$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}

function currentTestFile(): string {
  const testPath = expect.getState().testPath;
  if (!testPath) throw new Error('no current test file: pass testFile explicitly');
  return testPath;
}

/** One MongoDB database per test file, named after it: `test_<file stem>`. */
export function testDatabaseName(testFile: string = currentTestFile()): string {
  return `test_${testFileStem(testFile)}`.slice(0, 63);
}

/** A transport key prefix per test run of a file, so files never read each other's streams. */
export function testTransportPrefix(testFile: string = currentTestFile()): string {
  return `t-${testFileStem(testFile)}-${randomBytes(3).toString('hex')}`;
}

/** The infrastructure the jest global setup started (or the one the caller exported). */
export function requiredTestEnv(name: 'REDIS_URL' | 'MONGO_URL'): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run tests through jest (global setup) or set it`);
  return value;
}
