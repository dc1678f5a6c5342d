import path from 'node:path';

/** Resolved from this file, not the cwd, so `tsx tools/infra/src/cli.ts` works from any directory. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface InfraPaths {
  root: string;
  infraDir: string;
  logsDir: string;
  binDir: string;
  stateFile: string;
  lockFile: string;
  redisDir: string;
  /** The ACL file of the redis-server tools/infra starts: one user per app (see redis-acl.ts). */
  redisAclFile: string;
  /** The app users' passwords, kept so a restarted Redis and `npm start` agree on them. */
  redisPasswordsFile: string;
  mongodDataDir: string;
  ferretdbDataDir: string;
  /** Owned by the `postgres` account when we run as root (postgres refuses root). */
  postgresDir: string;
  /** The PostgreSQL cluster FerretDB's postgresql backend stores into. */
  postgresDataDir: string;
  ferretdbSourceDir: string;
  ferretdbBinary: string;
  stripeMockBinary: string;
  /** Records which stripe-mock version the binary was installed from, so a new pin reinstalls it. */
  stripeMockVersionFile: string;
  /** maildev's CLI entry in node_modules (a devDependency). */
  maildevEntry: string;
  /** maildev's private temp directory (it keeps attachments under TMPDIR). */
  maildevDir: string;
}

export function infraPaths(root: string = repoRoot): InfraPaths {
  const infraDir = path.join(root, '.infra');
  return {
    root,
    infraDir,
    logsDir: path.join(infraDir, 'logs'),
    binDir: path.join(infraDir, 'bin'),
    stateFile: path.join(infraDir, 'state.json'),
    lockFile: path.join(infraDir, 'lock'),
    redisDir: path.join(infraDir, 'redis'),
    redisAclFile: path.join(infraDir, 'redis', 'users.acl'),
    redisPasswordsFile: path.join(infraDir, 'redis', 'service-passwords.json'),
    mongodDataDir: path.join(infraDir, 'mongod-data'),
    ferretdbDataDir: path.join(infraDir, 'ferretdb-data'),
    postgresDir: path.join(infraDir, 'postgres'),
    postgresDataDir: path.join(infraDir, 'postgres', 'data'),
    ferretdbSourceDir: path.join(root, 'tools', 'infra', 'ferretdb'),
    ferretdbBinary: path.join(infraDir, 'bin', 'ferretdb'),
    stripeMockBinary: path.join(infraDir, 'bin', 'stripe-mock'),
    stripeMockVersionFile: path.join(infraDir, 'bin', 'stripe-mock.version'),
    maildevEntry: path.join(root, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js'),
    maildevDir: path.join(infraDir, 'maildev'),
  };
}

/** Paths in messages are shown relative to the repo so they stay short and copy-pasteable. */
export function displayPath(paths: InfraPaths, file: string): string {
  return path.relative(paths.root, file) || '.';
}
