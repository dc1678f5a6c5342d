// Loads the NAB data files and their labelled windows from the shared data directory.
import fs from 'node:fs';
import path from 'node:path';
import { NabWindow } from '@vantage/anomaly';
import { parseNabCsv, parseTimestamp } from '../../tools/cli/nab-csv';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WINDOWS_FILE = path.join('labels', 'combined_windows.json');

export interface NabFile {
  /** `folder/file.csv`, the key NAB's label files use. */
  readonly name: string;
  readonly folder: string;
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  readonly windows: readonly NabWindow[];
}

/**
 * `../shared/data/nab` from the repo root, or VANTAGE_DATA_DIR: the shared data directory (with
 * a `nab/` folder) or the NAB folder itself.
 */
export function nabDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['VANTAGE_DATA_DIR'];
  const base = override ? path.resolve(override) : path.resolve(REPO_ROOT, '..', 'shared', 'data');
  return fs.existsSync(path.join(base, WINDOWS_FILE)) ? base : path.join(base, 'nab');
}

function parseWindows(name: string, limits: unknown): NabWindow[] {
  if (!Array.isArray(limits)) throw new Error(`${WINDOWS_FILE}: ${name} is not a list of windows`);
  return limits.map((limit: unknown) => {
    if (!Array.isArray(limit) || limit.length !== 2) {
      throw new Error(`${WINDOWS_FILE}: ${name} has a window that is not [start, end]`);
    }
    const [start, end] = limit.map((text: unknown) =>
      typeof text === 'string' ? parseTimestamp(text) : null,
    );
    if (start == null || end == null) {
      throw new Error(`${WINDOWS_FILE}: ${name} has an unreadable window limit`);
    }
    return { start, end };
  });
}

/** Every file listed in combined_windows.json, sorted by name. */
export function loadNabCorpus(directory = nabDirectory()): NabFile[] {
  const windowsPath = path.join(directory, WINDOWS_FILE);
  if (!fs.existsSync(windowsPath)) {
    throw new Error(`NAB data not found: ${windowsPath} (set VANTAGE_DATA_DIR)`);
  }
  const labels = JSON.parse(fs.readFileSync(windowsPath, 'utf8')) as Record<string, unknown>;
  return Object.keys(labels)
    .sort()
    .map((name) => {
      const file = path.join(directory, 'data', name);
      const rows = parseNabCsv(fs.readFileSync(file, 'utf8'), file);
      return {
        name,
        folder: name.split('/')[0] ?? name,
        timestamps: rows.map((row) => row.timestamp),
        values: rows.map((row) => row.value),
        windows: parseWindows(name, labels[name]),
      };
    });
}
