import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  DomainError,
  WEEKLY_REPORT_PATTERNS,
  type WeeklyPreviewDto,
  type WeeklyPreviewMessageDto,
} from '@vantage/contracts';
import { bindIdentity } from '@vantage/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiProblems, ProblemDocumentDto } from '../../shared/openapi';
import { asPage, mailPage, wantsPage } from '../mail/mail-pages';
import { OrgNameDirectory } from './org-name.directory';
import { PreviewLinkQueryDto } from './preview-link.dto';
import {
  PREVIEW_LINK_PATH,
  type PreviewLinkGrant,
  WeeklyPreviewLinks,
} from './weekly-preview-link';

/** A refused link: problem+json for a program, a small page for a browser. */
function ApiRefusedLink(status: 401 | 403, description: string): MethodDecorator {
  return ApiResponse({
    status,
    description,
    content: {
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDocumentDto' } },
      'text/html': { schema: { type: 'string' } },
    },
  });
}

/**
 * The weekly report preview opened by a signed link (WeeklyPreviewLinks). Public: the link is
 * the credential, and it alone says which organisation's preview is shown, whatever
 * credential the browser may send along.
 */
@ApiTags('reports')
@Controller(PREVIEW_LINK_PATH.slice(1))
@Public()
export class WeeklyPreviewLinkController {
  constructor(
    private readonly router: ServiceRouter,
    private readonly links: WeeklyPreviewLinks,
    private readonly orgNames: OrgNameDirectory,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The weekly report preview, opened by its signed link',
    description:
      'No credential: the token of the link (`POST /api/v1/reports/weekly/preview-link`) ' +
      'names the organisation and the week. The HTML as `GET …/weekly/preview?inlineImages=true` ' +
      'answers it. An expired, altered or forged link answers 401, a token made for something ' +
      'else 403: as problem+json, or as a small HTML page when the caller accepts text/html.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'The HTML part of the e-mail, charts embedded.',
    schema: { type: 'string' },
  })
  @ApiExtraModels(ProblemDocumentDto)
  @ApiRefusedLink(401, 'The link is expired, altered or forged')
  @ApiRefusedLink(403, 'The token is not one of a preview link')
  @ApiProblems()
  async open(
    @Query() { token }: PreviewLinkQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    let grant: PreviewLinkGrant;
    try {
      grant = this.links.open(token);
    } catch (error) {
      if (!(error instanceof DomainError) || !wantsPage(request)) throw error;
      asPage(reply, error.status);
      return mailPage(
        error.status === 403 ? 'This is not a preview link' : 'This preview link does not work',
        `${capitalised(error.message)}. Ask for a new link, or open the preview signed in.`,
      );
    }
    // The messages below act in the link's organisation, never in the caller's.
    bindIdentity({
      orgId: grant.orgId,
      actor: { kind: 'anonymous', id: 'preview-link', roles: [] },
    });
    const message: WeeklyPreviewMessageDto = {
      ...(grant.week === undefined ? {} : { week: grant.week }),
      inlineImages: true,
      orgName: await this.orgNames.nameOf(grant.orgId),
    };
    const preview = await this.router.send<WeeklyPreviewDto>(
      'reporting',
      WEEKLY_REPORT_PATTERNS.preview,
      message,
    );
    asPage(reply);
    return preview.html;
  }
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
