import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkManifests, parseManifests, VANTAGE_APPS } from './k8s-manifests';

/**
 * Offline check of the Kubernetes manifests (no cluster needed):
 *   npx tsx --tsconfig tsconfig.base.json tools/deploy/check-k8s.ts [deploy/k8s]
 * Prints what it checked; exits 1 with every problem listed.
 */
function main(dir: string): number {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
  const parsed = parseManifests(files);
  const problems = [...parsed.problems, ...checkManifests(parsed.manifests)];

  const kinds = new Map<string, number>();
  for (const m of parsed.manifests) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  const summary = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
  console.log(`${dir}: ${parsed.manifests.length} objects in ${files.length} files (${summary})`);
  console.log(`apps checked: ${VANTAGE_APPS.join(', ')}`);

  if (problems.length > 0) {
    for (const problem of problems) console.error(`  PROBLEM ${problem}`);
    console.error(`${problems.length} problem(s) in ${dir}`);
    return 1;
  }
  console.log('structure, security context, probes, resources and references: OK');
  return 0;
}

process.exitCode = main(process.argv[2] ?? 'deploy/k8s');
