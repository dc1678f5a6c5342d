import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemDocumentDto } from '../../shared/openapi';

/** The public paths that mails link to; their POSTs also take form bodies (edge/form-body). */
export const MAIL_LINK_PATHS = ['/api/v1/reports/unsubscribe', '/api/v1/mail/confirm'] as const;

/**
 * A small HTML page for a link opened from an e-mail. With `button`, a form that POSTs to the
 * same link: a GET (a mail scanner or a prefetch opens every link) never changes anything.
 */
export function mailPage(
  title: string,
  message: string,
  button?: { readonly label: string; readonly action: string },
): string {
  const form = button
    ? `<form method="post" action="${escapeHtml(button.action)}" style="margin:20px 0 0;"><button type="submit" style="padding:10px 18px;font-size:15px;border:0;border-radius:6px;background:#1d4ed8;color:#fff;cursor:pointer;">${escapeHtml(button.label)}</button></form>`
    : '';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head><body style="margin:0;padding:48px 16px;background:#f3f4f6;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#111827;"><div style="max-width:480px;margin:0 auto;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:28px;"><p style="margin:0 0 8px;font-size:13px;font-weight:700;letter-spacing:.5px;">VANTAGE</p><h1 style="margin:0 0 12px;font-size:20px;">${escapeHtml(title)}</h1><p style="margin:0;font-size:15px;line-height:22px;color:#374151;">${escapeHtml(message)}</p>${form}</div></body></html>`;
}

/** The link itself, relative: the form posts back to where the page was opened. */
export function sameLink(token: string): string {
  return `?${new URLSearchParams({ token }).toString()}`;
}

/** A browser (the page's button) gets a page back; a mail client or a script gets JSON. */
export function wantsPage(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export function asPage(reply: FastifyReply, status = 200): void {
  void reply.status(status);
  void reply.header('Content-Type', 'text/html; charset=utf-8');
  void reply.header('Cache-Control', 'no-store');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const PAGE = { 'text/html': { schema: { type: 'string' } } } as const;

/** The GET of a mail link answers a page even when the link is bad: a 404 in HTML. */
export function ApiLinkPageNotFound(): MethodDecorator {
  return ApiNotFoundResponse({
    description: 'A page saying the link does not work.',
    content: PAGE,
  });
}

/**
 * The answers of a mail link's POST, by content negotiation (wantsPage): a program gets `result`
 * as JSON and a bad link as a 404 problem; a browser (the page's button, `Accept: text/html`)
 * gets a page for both.
 */
export function ApiLinkAnswers(result: Type<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(result, ProblemDocumentDto),
    ApiOkResponse({
      description: 'Done: JSON, or a page for a browser.',
      content: { 'application/json': { schema: { $ref: getSchemaPath(result) } }, ...PAGE },
    }),
    ApiNotFoundResponse({
      description: 'The link does not work: a problem, or a page for a browser.',
      content: {
        'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDocumentDto) } },
        ...PAGE,
      },
    }),
  );
}
