// Command line of `npm run detect`: parsed into a typed value or a message for the user.

export const DETECT_USAGE = [
  'usage: npm run detect -- --input FILE.csv --output OUT.csv',
  '  --input   NAB layout: a "timestamp,value" header, then one point per row',
  '  --output  written as timestamp,value,anomaly_score (score in [0, 1])',
].join('\n');

export interface DetectArgs {
  readonly input: string;
  readonly output: string;
}

export type ParsedDetectArgs =
  | { readonly kind: 'run'; readonly args: DetectArgs }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

const FLAGS = ['input', 'output'] as const;
type Flag = (typeof FLAGS)[number];

function isFlag(name: string): name is Flag {
  return (FLAGS as readonly string[]).includes(name);
}

export function parseDetectArgs(argv: readonly string[]): ParsedDetectArgs {
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--help' || token === '-h') return { kind: 'help' };
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(token);
    if (match === null) return { kind: 'error', message: `unexpected argument "${token}"` };
    const name = match[1] as string;
    if (!isFlag(name)) return { kind: 'error', message: `unknown option --${name}` };
    if (values[name] !== undefined) return { kind: 'error', message: `--${name} given twice` };
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        return { kind: 'error', message: `--${name} needs a file path` };
      }
      i++;
    }
    if (value.trim() === '') return { kind: 'error', message: `--${name} needs a file path` };
    values[name] = value;
  }
  const missing = FLAGS.filter((flag) => values[flag] === undefined);
  if (missing.length > 0) {
    return {
      kind: 'error',
      message: `missing ${missing.map((flag) => `--${flag}`).join(' and ')}`,
    };
  }
  return { kind: 'run', args: { input: values.input as string, output: values.output as string } };
}
