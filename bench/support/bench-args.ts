// What follows `npm run bench --`: benchmark names, then after a second `--` their options.

/** Benchmark names, then after a `--` the options every selected benchmark may read. */
export function parseArgs(args: readonly string[]): {
  names: string[];
  options: Record<string, string>;
} {
  const split = args.indexOf('--');
  const names = split === -1 ? [...args] : args.slice(0, split);
  const rest = split === -1 ? [] : args.slice(split + 1);
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--'))
      throw new Error(`bench: unexpected argument ${arg}; options are --key value`);
    const [key, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) options[key] = inline;
    else if (i + 1 < rest.length && !(rest[i + 1] as string).startsWith('--'))
      options[key] = rest[++i] as string;
    else options[key] = 'true';
  }
  return { names, options };
}
