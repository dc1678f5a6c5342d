import fs from 'node:fs';
import path from 'node:path';

/** Like `which`: the first executable named `name` on `searchPath`, or null. */
export function findOnPath(
  name: string,
  searchPath: string | undefined = process.env['PATH'],
): string | null {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}
