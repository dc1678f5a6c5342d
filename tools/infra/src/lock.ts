import fs from 'node:fs';
import { InfraError } from './errors';
import { isAlive } from './processes';
import { sleep } from './wait-for';

/**
 * Serialises infra commands across processes: parallel test runners may all call infraUp at
 * once, and without this each would start its own servers. A lock left by a dead process is
 * taken over.
 */
export async function withLock<T>(
  lockFile: string,
  timeoutMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockFile);
    // An empty lock file is normal for a moment: its owner has created it but not written its PID yet.
    const stale = holder === null ? ageMs(lockFile) > 2000 : !isAlive(holder);
    if (stale) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder === null ? '' : ` (pid ${holder})`;
      throw new InfraError(
        `another infra command${who} is still running; wait for it or delete ${lockFile}`,
      );
    }
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

function readHolder(lockFile: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
