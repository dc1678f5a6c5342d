import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  MAIL_CONSENT_PATTERNS,
  MailConfirmationDto,
  MailConfirmationResultDto,
} from '@vantage/contracts';
import { TransportError } from '@vantage/transport';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiProblems } from '../../shared/openapi';
import {
  ApiLinkAnswers,
  ApiLinkPageNotFound,
  asPage,
  mailPage,
  sameLink,
  wantsPage,
} from './mail-pages';

/**
 * The link of the confirmation mail an address outside an org gets (double opt-in). Public:
 * its single-use token names the address. The GET only shows a button; the POST confirms.
 */
@ApiTags('reports')
@Controller('api/v1/mail/confirm')
@Public()
export class MailConfirmationController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @ApiOperation({
    summary: 'The page of the confirmation link of an e-mail',
    description: 'A small HTML page with a button that POSTs the same link; changes nothing.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A page asking to confirm.', schema: { type: 'string' } })
  @ApiLinkPageNotFound()
  @ApiProblems(503)
  async page(
    @Query() { token }: MailConfirmationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    try {
      const { email } = await this.send(MAIL_CONSENT_PATTERNS.peek, token);
      asPage(reply);
      return mailPage(
        'Confirm your address',
        `Press the button if you want ${email} to receive the alerts or reports it was added to.`,
        { label: 'Confirm', action: sameLink(token) },
      );
    } catch (error) {
      return invalidLinkPage(error, reply);
    }
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm an address (the button of the confirmation page)',
    description:
      'The token in the query string; works once. Answers JSON, or a page when the caller ' +
      'accepts text/html.',
  })
  @ApiLinkAnswers(MailConfirmationResultDto)
  @ApiProblems(503)
  async confirm(
    @Query() { token }: MailConfirmationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MailConfirmationResultDto | string> {
    if (!wantsPage(request)) return this.send(MAIL_CONSENT_PATTERNS.confirm, token);
    try {
      const { email } = await this.send(MAIL_CONSENT_PATTERNS.confirm, token);
      asPage(reply);
      return mailPage('Address confirmed', `${email} will receive the e-mails it was added to.`);
    } catch (error) {
      return invalidLinkPage(error, reply);
    }
  }

  private send(pattern: string, token: string): Promise<MailConfirmationResultDto> {
    return this.router.send('reporting', pattern, { token });
  }
}

function invalidLinkPage(error: unknown, reply: FastifyReply): string {
  if (!(error instanceof TransportError) || error.code !== ErrorCode.NotFound) throw error;
  asPage(reply, 404);
  return mailPage('This link does not work', 'It may have been used already, or changed.');
}
