// What arrived at the SMTP server: maildev's REST API, read-only.
import { waitUntil } from '@vantage/transport/testing';

export interface ReceivedMail {
  readonly id: string;
  readonly subject: string;
  readonly html?: string;
  readonly text?: string;
  readonly messageId?: string;
  readonly headers: Record<string, string | string[]>;
  readonly to: readonly { address: string }[];
}

export class Inbox {
  constructor(private readonly apiUrl: string) {}

  async all(): Promise<ReceivedMail[]> {
    const response = await fetch(`${this.apiUrl}/api/email`);
    if (!response.ok) throw new Error(`maildev answered ${response.status}`);
    return (await response.json()) as ReceivedMail[];
  }

  /** Mails addressed to `address`, oldest first. */
  async to(address: string): Promise<ReceivedMail[]> {
    const wanted = address.toLowerCase();
    return (await this.all()).filter((mail) =>
      mail.to.some((to) => to.address.toLowerCase() === wanted),
    );
  }

  /** Waits until `address` has at least `count` mails matching `filter`, and answers them. */
  async waitFor(
    address: string,
    filter: (mail: ReceivedMail) => boolean = () => true,
    count = 1,
    timeoutMs = 30_000,
  ): Promise<ReceivedMail[]> {
    let found: ReceivedMail[] = [];
    await waitUntil(
      async () => {
        found = (await this.to(address)).filter(filter);
        return found.length >= count;
      },
      `${count} mail(s) to ${address}`,
      timeoutMs,
    );
    return found;
  }
}
