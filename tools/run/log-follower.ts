// `--follow`: copies new lines from each app's log file to stdout, prefixed by the app name.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const POLL_MS = 200;
const COLORS = [36, 35, 33, 32, 34] as const;

interface Followed {
  readonly prefix: string;
  readonly file: string;
  /** Keeps a UTF-8 character split across two reads whole. */
  readonly decoder: StringDecoder;
  offset: number;
  partial: string;
}

export class LogFollower {
  private readonly files: Followed[];
  private timer: NodeJS.Timeout | undefined;

  constructor(sources: ReadonlyArray<{ readonly name: string; readonly file: string }>) {
    const width = Math.max(...sources.map((source) => source.name.length));
    const color = process.stdout.isTTY && !process.env['NO_COLOR'];
    this.files = sources.map((source, i) => {
      const label = `${source.name.padEnd(width)} |`;
      const code = COLORS[i % COLORS.length] ?? 0;
      return {
        prefix: color ? `\u001b[${code}m${label}\u001b[0m ` : `${label} `,
        file: source.file,
        decoder: new StringDecoder('utf8'),
        offset: 0,
        partial: '',
      };
    });
  }

  start(): void {
    this.timer = setInterval(() => this.drain(), POLL_MS);
  }

  /** Prints what is left, so the apps' shutdown lines are not lost. */
  stop(): void {
    clearInterval(this.timer);
    this.drain();
    for (const followed of this.files) {
      if (followed.partial !== '') process.stdout.write(`${followed.prefix}${followed.partial}\n`);
      followed.partial = '';
    }
  }

  private drain(): void {
    for (const followed of this.files) {
      const chunk = readFrom(followed.file, followed.offset);
      if (chunk.length === 0) continue;
      followed.offset += chunk.length;
      const lines = (followed.partial + followed.decoder.write(chunk)).split('\n');
      followed.partial = lines.pop() ?? '';
      const out = lines.map((line) => `${followed.prefix}${line}\n`).join('');
      if (out !== '') process.stdout.write(out);
    }
  }
}

function readFrom(file: string, offset: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= offset) return Buffer.alloc(0);
    const buffer = Buffer.alloc(size - offset);
    const read = fs.readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}
