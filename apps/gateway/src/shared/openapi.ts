import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSecurity,
} from '@nestjs/swagger';
import { ErrorCode } from '@vantage/contracts';

/** The security schemes declared in the OpenAPI document (see configureOpenApi). */
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'api-key';

class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: 'email must be an email' })
  message!: string;
}

/** RFC 9457 problem document, as every error of the API is answered. */
export class ProblemDocumentDto {
  @ApiProperty({ example: 'https://vantage.dev/problems/not-found' })
  type!: string;

  @ApiProperty({ example: 'Not found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiProperty({ example: 'no such API key' })
  detail!: string;

  @ApiProperty({ example: '/api/v1/api-keys/key_abc' })
  instance!: string;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode' })
  code!: ErrorCode;

  @ApiPropertyOptional()
  requestId?: string;

  @ApiPropertyOptional({ description: 'Set on unexpected errors; quote it to support.' })
  errorId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid request (malformed JSON, wrong types, unknown fields)',
  401: 'Missing, invalid or expired credential',
  403: 'The credential lacks the role or scope this route needs',
  404: 'No such resource in your organisation',
  409: 'Conflicts with the current state',
  413: 'Body larger than the limit',
  415: 'Unsupported content type',
  429: 'Rate limit exceeded; see Retry-After',
  503: 'A service behind the gateway is unavailable; see Retry-After',
};

/**
 * Documents the problem+json answers a route can give, beyond the ones every route has: 503 too,
 * since a store or a service behind any route can be down.
 */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  const all = [...new Set([400, 429, 503, ...statuses])].sort();
  return applyDecorators(
    ApiExtraModels(ProblemDocumentDto),
    ...all.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/ProblemDocumentDto' },
          },
        },
      }),
    ),
  );
}

/** A route that needs a credential: an access token or an API key. */
export function ApiAuthenticated(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(API_KEY_SCHEME),
    ApiProblems(401, 403, ...statuses),
  );
}
