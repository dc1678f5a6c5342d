import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  REPORT_RECIPIENT_PATTERNS,
  UnsubscribeDto,
  UnsubscribeResultDto,
} from '@vantage/contracts';
import { TransportError } from '@vantage/transport';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/access.decorators';
import { ServiceRouter } from '../../routing/service-router';
import { ApiProblems } from '../../shared/openapi';

/**
 * The unsubscribe link of the weekly report (and its List-Unsubscribe header). Public: the
 * recipient has no credential; the link's signed token names the recipient, and reporting
 * checks it. Rate-limited per IP like any anonymous caller.
 */
@ApiTags('reports')
@Controller('api/v1/reports/unsubscribe')
@Public()
export class ReportUnsubscribeController {
  constructor(private readonly router: ServiceRouter) {}

  @Get()
  @ApiOperation({
    summary: 'Leave the weekly report (the link in the e-mail)',
    description: 'Answers a small HTML page; an unknown or altered token answers 404.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A page saying it is done.', schema: { type: 'string' } })
  @ApiProblems(503)
  async page(
    @Query() { token }: UnsubscribeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.header('Content-Type', 'text/html; charset=utf-8');
    void reply.header('Cache-Control', 'no-store');
    try {
      const result = await this.unsubscribe(token);
      return page(
        'You are unsubscribed',
        `${escapeHtml(result.email)} will not receive the weekly report any more.`,
      );
    } catch (error) {
      if (!(error instanceof TransportError) || error.code !== ErrorCode.NotFound) throw error;
      void reply.status(404);
      return page(
        'This link does not work',
        'It may have been changed, or the recipient was removed. Ask an admin of your organisation.',
      );
    }
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Leave the weekly report (JSON)',
    description: 'The same as the link, for clients: the token in the query string.',
  })
  @ApiOkResponse({ type: UnsubscribeResultDto })
  @ApiProblems(404, 503)
  unsubscribeNow(@Query() { token }: UnsubscribeDto): Promise<UnsubscribeResultDto> {
    return this.unsubscribe(token);
  }

  private unsubscribe(token: string): Promise<UnsubscribeResultDto> {
    return this.router.send('reporting', REPORT_RECIPIENT_PATTERNS.unsubscribe, { token });
  }
}

function page(title: string, message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body style="margin:0;padding:48px 16px;background:#f3f4f6;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#111827;"><div style="max-width:480px;margin:0 auto;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:28px;"><p style="margin:0 0 8px;font-size:13px;font-weight:700;letter-spacing:.5px;">VANTAGE</p><h1 style="margin:0 0 12px;font-size:20px;">${title}</h1><p style="margin:0;font-size:15px;line-height:22px;color:#374151;">${message}</p></div></body></html>`;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
