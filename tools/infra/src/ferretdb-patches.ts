// Build-time edits to the pinned FerretDB module (applied with `go build -overlay`, the module
// cache and go.sum stay untouched). FerretDB v1.24 never uses an index for a lookup by `_id`:
// its SQL names `_id` differently from its own `_id_` index, so every keyed read and write scans
// the whole collection (docs/store.md has the measurements). The edits make an `_id` equality use
// that index on both backends; they change no results, only the plan.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { InfraError } from './errors';

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

export interface SourceEdit {
  readonly find: string;
  readonly replace: string;
}

export interface SourcePatch {
  /** Relative to the module's root. */
  readonly file: string;
  readonly why: string;
  readonly edits: readonly SourceEdit[];
}

const POSTGRESQL_ID_EQUALITY = `

// vantageIDEqual is added by Vantage's tools/infra: an equality on _id, written as the expression
// of the collection's _id_ index (metadata.IDColumn, a btree), so PostgreSQL looks the document
// up instead of scanning. Upstream writes it as \`_jsonb->$1 @> $2\`, which no btree can serve.
// An _id is never an array, so equality and containment select the same documents.
func vantageIDEqual(p *metadata.Placeholder, key string, v any) (string, []any) {
	if key != "_id" {
		return "", nil
	}

	switch v.(type) {
	case string, types.ObjectID:
		return fmt.Sprintf("%s = %s", metadata.IDColumn, p.Next()), []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
	default:
		return "", nil
	}
}
`;

export const FERRETDB_PATCHES: readonly SourcePatch[] = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    why: "SQLite matches an index only on the same expression: the _id_ index is on ->'_id', the queries said ->'$._id'",
    edits: [
      {
        find: `IDColumn = DefaultColumn + "->'$._id'"`,
        replace: `IDColumn = DefaultColumn + "->'_id'"`,
      },
    ],
  },
  {
    file: 'internal/backends/postgresql/query.go',
    why: "an _id equality as `_jsonb->'_id' = $n`, which the _id_ btree index serves",
    edits: [
      {
        find: `		case float64, string, types.ObjectID, bool, time.Time, int32, int64:
			if f, a := filterEqual(p, key, v, keyOperator); f != "" {`,
        replace: `		case float64, string, types.ObjectID, bool, time.Time, int32, int64:
			if f, a := vantageIDEqual(p, rootKey, v); f != "" {
				filters = append(filters, f)
				args = append(args, a...)

				continue
			}

			if f, a := filterEqual(p, key, v, keyOperator); f != "" {`,
      },
      { find: '', replace: POSTGRESQL_ID_EQUALITY },
    ],
  },
];

/**
 * Applies the edits in order; each `find` must occur exactly once (an empty one appends), so a
 * FerretDB upgrade that moved the code fails the build loudly instead of building unpatched.
 */
export function applyPatch(source: string, patch: SourcePatch): string {
  let text = source;
  for (const edit of patch.edits) {
    if (edit.find === '') {
      text += edit.replace;
      continue;
    }
    const count = text.split(edit.find).length - 1;
    if (count !== 1) {
      throw new InfraError(
        `cannot patch FerretDB's ${patch.file}: expected its code once, found it ${count} times ` +
          '(FerretDB version changed? update tools/infra/src/ferretdb-patches.ts)',
      );
    }
    text = text.replace(edit.find, () => edit.replace);
  }
  return text;
}

/** The `go build -overlay` file: which module file each patched copy replaces. */
export function overlayJson(replacements: Readonly<Record<string, string>>): string {
  return `${JSON.stringify({ Replace: replacements }, null, 2)}\n`;
}

/**
 * Copies the pinned FerretDB module out of the module cache into `outDir` (go refuses overlays
 * of files in the cache), applies FERRETDB_PATCHES there, and writes an overlay.json that swaps
 * our go.mod for one that `replace`s the module with that copy. Returns the overlay's path.
 */
export async function writeFerretdbOverlay(
  go: string,
  sourceDir: string,
  outDir: string,
  patches: readonly SourcePatch[] = FERRETDB_PATCHES,
): Promise<string> {
  const cached = await moduleDirOf(go, sourceDir, FERRETDB_MODULE);
  fs.rmSync(outDir, { recursive: true, force: true });
  const moduleCopy = path.join(outDir, 'FerretDB');
  // The cache is read-only; the copy must be writable to patch it and to remove it next time.
  fs.cpSync(cached, moduleCopy, { recursive: true });
  makeWritable(moduleCopy);
  for (const patch of patches) {
    const file = path.join(moduleCopy, patch.file);
    fs.writeFileSync(file, applyPatch(fs.readFileSync(file, 'utf8'), patch));
  }
  const goMod = path.join(outDir, 'go.mod');
  fs.writeFileSync(
    goMod,
    `${fs.readFileSync(path.join(sourceDir, 'go.mod'), 'utf8')}\nreplace ${FERRETDB_MODULE} => ${moduleCopy}\n`,
  );
  const overlay = path.join(outDir, 'overlay.json');
  fs.writeFileSync(overlay, overlayJson({ [path.join(sourceDir, 'go.mod')]: goMod }));
  return overlay;
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(child);
    else fs.chmodSync(child, 0o644);
  }
}

/** Where the Go module cache holds `module` at the version go.mod pins (downloaded if needed, checked against go.sum). */
function moduleDirOf(go: string, sourceDir: string, module: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      go,
      ['mod', 'download', '-json', module],
      { cwd: sourceDir, maxBuffer: 1 << 20 },
      (error, stdout) => {
        if (error !== null) {
          reject(new InfraError(`go mod download ${module} failed: ${error.message}`));
          return;
        }
        const dir: unknown = (JSON.parse(stdout) as Record<string, unknown>)['Dir'];
        if (typeof dir === 'string' && dir !== '') resolve(dir);
        else reject(new InfraError(`go mod download ${module} named no directory`));
      },
    );
  });
}
