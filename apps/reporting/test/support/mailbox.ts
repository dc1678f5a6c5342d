import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { waitUntil } from '@vantage/transport/testing';

/** An e-mail as maildev's REST API returns it (the fields the tests read). */
export interface ReceivedMail {
  readonly id: string;
  readonly subject: string;
  readonly html?: string;
  readonly text?: string;
  readonly headers: Record<string, string | string[]>;
  readonly to: readonly { address: string; name?: string }[];
  readonly envelope?: { to?: readonly { address: string }[] };
  readonly attachments?: readonly {
    filename: string;
    generatedFileName: string;
    contentType: string;
    contentId?: string;
    contentDisposition: string;
  }[];
}

/**
 * A real SMTP server with an inbox API: the infra's maildev (SMTP_URL and MAILDEV_API_URL, as
 * tools/infra exports them), or one started for this test file when the environment has none.
 * Other test files may mail the same maildev: tests only read what was sent to their own
 * (random) addresses.
 */
export class Mailbox {
  private constructor(
    readonly smtpUrl: string,
    readonly apiUrl: string,
    private readonly owned: ChildProcess | null,
  ) {}

  static async open(): Promise<Mailbox> {
    const smtpUrl = process.env['SMTP_URL'];
    const apiUrl = process.env['MAILDEV_API_URL'];
    if (smtpUrl && apiUrl) return new Mailbox(smtpUrl, apiUrl, null);
    return Mailbox.startOwn();
  }

  /** A maildev of this test file, on free loopback ports. */
  static async startOwn(): Promise<Mailbox> {
    const [smtp, web] = [await freePort(), await freePort()];
    const entry = path.join(require.resolve('maildev/package.json'), '..', 'dist/bin/maildev.js');
    const child = spawn(
      process.execPath,
      [
        entry,
        '--smtp',
        String(smtp),
        '--web',
        String(web),
        '--ip',
        '127.0.0.1',
        '--web-ip',
        '127.0.0.1',
        '--silent',
      ],
      { stdio: 'ignore' },
    );
    const mailbox = new Mailbox(`smtp://127.0.0.1:${smtp}`, `http://127.0.0.1:${web}`, child);
    await waitUntil(
      () =>
        fetch(`${mailbox.apiUrl}/api/healthz`).then(
          (response) => response.ok,
          () => false,
        ),
      'maildev to answer',
    );
    return mailbox;
  }

  get smtpPort(): number {
    return Number(new URL(this.smtpUrl).port);
  }

  async all(): Promise<ReceivedMail[]> {
    const response = await fetch(`${this.apiUrl}/api/email`);
    if (!response.ok) throw new Error(`maildev answered ${response.status}`);
    return (await response.json()) as ReceivedMail[];
  }

  /** Every mail whose recipients include `address`. */
  async to(address: string): Promise<ReceivedMail[]> {
    const wanted = address.toLowerCase();
    return (await this.all()).filter((mail) =>
      [...mail.to, ...(mail.envelope?.to ?? [])].some(
        (recipient) => recipient.address.toLowerCase() === wanted,
      ),
    );
  }

  /** Waits until each address has received at least `count` mails; answers them by address. */
  async waitFor(
    addresses: readonly string[],
    count = 1,
    timeoutMs = 20_000,
  ): Promise<Map<string, ReceivedMail[]>> {
    let found = new Map<string, ReceivedMail[]>();
    await waitUntil(
      async () => {
        const all = await this.all();
        found = new Map(
          addresses.map((address) => [
            address,
            all.filter((mail) =>
              mail.to.some((to) => to.address.toLowerCase() === address.toLowerCase()),
            ),
          ]),
        );
        return [...found.values()].every((mails) => mails.length >= count);
      },
      `${count} mail(s) for each of ${addresses.join(', ')}`,
      timeoutMs,
    );
    return found;
  }

  /** The message as it arrived (maildev's parsed view drops some headers and rewrites cid:). */
  async source(mail: ReceivedMail): Promise<RawMail> {
    const response = await fetch(`${this.apiUrl}/api/email/${mail.id}/source`);
    if (!response.ok) throw new Error(`maildev answered ${response.status} for the source`);
    return new RawMail(await response.text());
  }

  async attachment(mail: ReceivedMail, generatedFileName: string): Promise<Buffer> {
    const response = await fetch(
      `${this.apiUrl}/api/email/${mail.id}/attachment/${generatedFileName}`,
    );
    if (!response.ok) throw new Error(`maildev answered ${response.status} for the attachment`);
    return Buffer.from(await response.arrayBuffer());
  }

  async close(): Promise<void> {
    if (!this.owned) return;
    const exited = new Promise((resolve) => this.owned?.once('exit', resolve));
    this.owned.kill();
    await exited;
  }
}

/** A raw RFC 5322 message: its top-level headers (unfolded) and its decoded body text. */
export class RawMail {
  readonly headers: ReadonlyMap<string, string>;
  /** The body with quoted-printable undone: enough to search the HTML part for `cid:`. */
  readonly decodedBody: string;

  constructor(readonly source: string) {
    const split = source.search(/\r?\n\r?\n/);
    const head = source.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
    const headers = new Map<string, string>();
    for (const line of head.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    this.headers = headers;
    this.decodedBody = source
      .slice(split)
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }

  header(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
