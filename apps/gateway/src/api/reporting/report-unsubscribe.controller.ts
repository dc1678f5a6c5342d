import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  REPORT_RECIPIENT_PATTERNS,
  UnsubscribeDto,
  UnsubscribeResultDto,
} from '@vantage/contracts';
import { TransportError } from '@vantage/transport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiProblems } from '../../shared/openapi';
import { ApiLinkAnswers, asPage, mailPage, sameLink, wantsPage } from '../mail/mail-pages';

/**
 * The unsubscribe link of every mail (and its List-Unsubscribe header). Public: the recipient
 * has no credential; the link's signed token names the recipient, and reporting checks it.
 * Only a POST unsubscribes (RFC 8058 one-click, or the page's button): mail scanners open every
 * link with a GET. Rate-limited per IP like any anonymous caller.
 */
@ApiTags('reports')
@Controller('api/v1/reports/unsubscribe')
@Public()
export class ReportUnsubscribeController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @ApiOperation({
    summary: 'The page of the unsubscribe link of an e-mail',
    description:
      'Answers a small HTML page with a button that POSTs the same link; changes nothing.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A page asking to confirm.', schema: { type: 'string' } })
  @ApiProblems()
  page(
    @Query() { token }: UnsubscribeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    asPage(reply);
    return mailPage('Unsubscribe?', 'Press the button to stop receiving these e-mails.', {
      label: 'Unsubscribe',
      action: sameLink(token),
    });
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Unsubscribe (one-click, RFC 8058)',
    description:
      'The token in the query string; the body, if any, is `List-Unsubscribe=One-Click` as a ' +
      'form. Answers JSON, or a page when the caller accepts text/html (the button).',
  })
  @ApiLinkAnswers(UnsubscribeResultDto)
  @ApiProblems(503)
  async unsubscribeNow(
    @Query() { token }: UnsubscribeDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UnsubscribeResultDto | string> {
    if (!wantsPage(request)) return this.unsubscribe(token);
    try {
      const result = await this.unsubscribe(token);
      asPage(reply);
      return mailPage(
        'You are unsubscribed',
        `${result.email} will not receive these e-mails any more.`,
      );
    } catch (error) {
      if (!(error instanceof TransportError) || error.code !== ErrorCode.NotFound) throw error;
      asPage(reply, 404);
      return mailPage(
        'This link does not work',
        'It may have been changed, or the recipient was removed. Ask an admin of your organisation.',
      );
    }
  }

  private unsubscribe(token: string): Promise<UnsubscribeResultDto> {
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.unsubscribe, { token });
  }
}
