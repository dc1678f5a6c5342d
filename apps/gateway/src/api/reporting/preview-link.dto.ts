import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { ISO_WEEK_PATTERN, OptionalNotNull } from '@vantage/contracts';

export class CreatePreviewLinkDto {
  @ApiPropertyOptional({
    example: '2026-W47',
    pattern: ISO_WEEK_PATTERN.source,
    description:
      "The ISO week the link previews, in the organisation's time zone. Default: the last " +
      'complete week when the link is opened.',
  })
  @OptionalNotNull()
  @IsString()
  @Matches(ISO_WEEK_PATTERN, { message: 'week must be an ISO week such as 2026-W47' })
  week?: string;
}

export class PreviewLinkDto {
  @ApiProperty({
    format: 'uri',
    example: 'https://vantage.example.com/api/v1/reports/weekly/preview/link?token=eyJwIjoid2Vla…',
    description: 'Opens the preview (HTML, charts embedded) in a browser, without a credential.',
  })
  url!: string;

  @ApiProperty({ format: 'date-time', description: 'When the link stops working.' })
  expiresAt!: string;
}

/** The signed token: base64url claims, a dot, a base64url HMAC-SHA256. */
export const PREVIEW_LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export class PreviewLinkQueryDto {
  @ApiProperty({
    maxLength: 1024,
    pattern: PREVIEW_LINK_TOKEN_PATTERN.source,
    description: 'The signed token of the link, as given by `POST …/preview-link`.',
  })
  @IsString()
  @MaxLength(1024)
  @Matches(PREVIEW_LINK_TOKEN_PATTERN, { message: 'token must be the token of a preview link' })
  token!: string;
}
