import { Injectable } from '@nestjs/common';
import {
  ACCOUNT_MAIL_REQUESTED_EVENT,
  type AccountMailKind,
  type AccountMailRequestedEvent,
} from '@vantage/contracts';
import { GatewayConfig } from '../config/gateway.config';
import { randomToken } from '../identity/ids';
import { ServiceRouter } from '../routing/service-router';

/** Asks the reporting service to mail a person about their account (see the contract). */
@Injectable()
export class AccountMailSender {
  constructor(
    private readonly router: ServiceRouter,
    private readonly config: GatewayConfig,
  ) {}

  /** A page of the product with its query, e.g. link('/verify-email', { token }). */
  link(path: string, query: Record<string, string> = {}): string {
    const url = new URL(`${this.config.PUBLIC_URL.replace(/\/$/, '')}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.toString();
  }

  async send(
    kind: AccountMailKind,
    to: { readonly email: string; readonly name: string },
    actionUrl: string | null,
    expiresAt: Date | null = null,
  ): Promise<void> {
    const event: AccountMailRequestedEvent = {
      mailId: `acm_${randomToken(24)}`,
      kind,
      to: to.email,
      name: to.name,
      actionUrl,
      expiresAt: expiresAt?.toISOString() ?? null,
      requestedAt: new Date().toISOString(),
    };
    await this.router.emit('reporting', ACCOUNT_MAIL_REQUESTED_EVENT, event);
  }
}
