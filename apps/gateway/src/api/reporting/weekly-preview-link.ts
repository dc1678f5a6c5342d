import { Injectable } from '@nestjs/common';
import { ForbiddenError, UnauthorizedError } from '@vantage/contracts';
import { GatewayConfig } from '../../config/gateway.config';
import { signLinkToken, verifyLinkToken } from '../../shared/signed-link-token';
import type { PreviewLinkDto } from './preview-link.dto';

/** What a weekly-preview link is signed for: a link made for anything else never opens it. */
export const PREVIEW_LINK_PURPOSE = 'weekly-report-preview';

/** Where a preview link points (GET, public: the link is the credential). */
export const PREVIEW_LINK_PATH = '/api/v1/reports/weekly/preview/link';

/** What an opened link shows: one organisation's preview, of a week or of the default one. */
export interface PreviewLinkGrant {
  readonly orgId: string;
  readonly week?: string;
}

/**
 * Signed links to an organisation's weekly report preview, for a browser: whoever holds one
 * sees that preview, of that organisation only, until it expires (PREVIEW_LINK_TTL_SECONDS).
 */
@Injectable()
export class WeeklyPreviewLinks {
  constructor(private readonly config: GatewayConfig) {}

  create(grant: PreviewLinkGrant, now = new Date()): PreviewLinkDto {
    const expiresAt = new Date(now.getTime() + this.config.PREVIEW_LINK_TTL_SECONDS * 1000);
    const token = signLinkToken(
      {
        purpose: PREVIEW_LINK_PURPOSE,
        orgId: grant.orgId,
        expiresAt,
        params: grant.week === undefined ? {} : { week: grant.week },
      },
      this.config.PREVIEW_LINK_SECRET,
    );
    const url = new URL(PREVIEW_LINK_PATH, this.config.PUBLIC_URL);
    url.searchParams.set('token', token);
    return { url: url.toString(), expiresAt: expiresAt.toISOString() };
  }

  /** The grant of a valid link; 401 for a forged, altered or expired one, 403 for another kind. */
  open(token: string): PreviewLinkGrant {
    const check = verifyLinkToken(token, PREVIEW_LINK_PURPOSE, this.config.PREVIEW_LINK_SECRET);
    if (!check.ok) {
      switch (check.reason) {
        case 'expired':
          throw new UnauthorizedError('this preview link has expired; ask for a new one');
        case 'other-purpose':
          throw new ForbiddenError('this link does not open the weekly report preview');
        case 'invalid':
          throw new UnauthorizedError('this preview link is not valid');
      }
    }
    const { orgId, params } = check.claims;
    return params['week'] === undefined ? { orgId } : { orgId, week: params['week'] };
  }
}
