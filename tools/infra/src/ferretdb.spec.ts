import { ferretdbArgs } from './ferretdb';
import { applyPatch, FERRETDB_PATCHES, overlayJson } from './ferretdb-patches';

describe('ferretdb', () => {
  it('stores into PostgreSQL or into SQLite files (WAL synced at checkpoints only), listening on loopback', () => {
    expect(
      ferretdbArgs(40002, { backend: 'postgresql', url: 'postgres://u@127.0.0.1:1/postgres' }),
    ).toEqual([
      '-listen',
      '127.0.0.1:40002',
      '-handler',
      'postgresql',
      '-postgresql-url',
      'postgres://u@127.0.0.1:1/postgres',
      '-log-level',
      'warn',
    ]);
    expect(ferretdbArgs(40002, { backend: 'sqlite', dir: '/x/ferretdb-data' })).toEqual([
      '-listen',
      '127.0.0.1:40002',
      '-handler',
      'sqlite',
      '-dir',
      '/x/ferretdb-data',
      '-sqlite-params',
      '_pragma=synchronous(normal)',
      '-log-level',
      'warn',
    ]);
  });

  describe('patches', () => {
    const patch = {
      file: 'a.go',
      why: 'test',
      edits: [
        { find: 'x = 1', replace: 'x = 2' },
        { find: '', replace: '\n// appended\n' },
      ],
    };

    it('replaces each piece of code once and appends what has no anchor', () => {
      expect(applyPatch('a\nx = 1\nb', patch)).toBe('a\nx = 2\nb\n// appended\n');
    });

    it('refuses code that is missing or ambiguous, so an upgrade cannot build unpatched', () => {
      expect(() => applyPatch('a\nx = 3\n', patch)).toThrow(/a\.go.*found it 0 times/);
      expect(() => applyPatch('x = 1\nx = 1\n', patch)).toThrow(/found it 2 times/);
    });

    it('makes _id lookups use the _id_ index on both backends', () => {
      const files = FERRETDB_PATCHES.map((p) => p.file);
      expect(files).toEqual([
        'internal/backends/sqlite/metadata/metadata.go',
        'internal/backends/postgresql/query.go',
      ]);
    });

    it('writes the overlay go build reads', () => {
      expect(JSON.parse(overlayJson({ '/src/go.mod': '/out/go.mod' }))).toEqual({
        Replace: { '/src/go.mod': '/out/go.mod' },
      });
    });
  });
});
