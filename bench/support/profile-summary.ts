import fs from 'node:fs';
import path from 'node:path';
import { CpuProfile, SelfTime, summarizeProfile } from '../gateway/cpu-profile-summary';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface ProfileSummaryOptions {
  /** Where the service writes its .cpuprofile files (--cpu-prof-dir). */
  readonly dir: string;
  /** Profiles older than this (epoch ms) belong to an earlier run. */
  readonly since: number;
  /** How many packages and functions to list (15 by default). */
  readonly top?: number;
  /** Names the profile in the first line, before its path. */
  readonly title: string;
  /** The line when the service wrote no profile. */
  readonly whenNone: string;
}

/** The newest profile a service wrote on exit, as self time by package and by function. */
export function profileSummary(options: ProfileSummaryOptions): string[] {
  const newest = fs
    .readdirSync(options.dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => path.join(options.dir, file))
    .filter((file) => fs.statSync(file).mtimeMs >= options.since)
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!newest) return [options.whenNone];
  const summary = summarizeProfile(
    JSON.parse(fs.readFileSync(newest, 'utf8')) as CpuProfile,
    options.top ?? 15,
  );
  const list = (items: readonly SelfTime[]) =>
    items.map((item) => `${item.label} ${item.percent}%`).join(', ');
  return [
    `${options.title} (${path.relative(REPO_ROOT, newest)}), idle ${summary.idlePercent}%`,
    `profile by package: ${list(summary.byPackage)}`,
    `profile by function: ${list(summary.byFunction)}`,
  ];
}

/**
 * Stops a service started with --cpu-prof; given `profile` (profiling runs), then summarizes
 * the profile it wrote on exit.
 */
export async function stopProfiled(
  stop: () => Promise<void>,
  profile: Omit<ProfileSummaryOptions, 'since'> | false,
): Promise<string[]> {
  const since = Date.now();
  await stop();
  return profile ? profileSummary({ ...profile, since }) : [];
}
