import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PLANS, type Plan } from '@vantage/contracts';
import { ROLES, type Role } from './principal';

const lowerCaseTrimmed = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value,
);

/** 10 to 128 characters; length beats composition rules (NIST SP 800-63B). */
const PASSWORD_RULE = Length(10, 128, { message: 'password must be 10 to 128 characters long' });

export class RegisterDto {
  @ApiProperty({ example: 'Acme Retail', maxLength: 120 })
  @IsString()
  @Length(1, 120)
  orgName!: string;

  @ApiProperty({ example: 'Ada Lovelace', maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @lowerCaseTrimmed
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @PASSWORD_RULE
  password!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @lowerCaseTrimmed
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  password!: string;

  @ApiPropertyOptional({
    description: 'Which of your organisations to act in; the oldest if absent.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^org_[A-Za-z0-9]{20}$/, { message: 'orgId must be an organisation id' })
  orgId?: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh.' })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

/** A mailed single-use link's token (verification, password reset). */
class MailedTokenDto {
  @ApiProperty({ description: 'The `token` query parameter of the link in the e-mail.' })
  @IsString()
  @MaxLength(200)
  token!: string;
}

export class VerifyEmailDto extends MailedTokenDto {}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'ada@example.com' })
  @lowerCaseTrimmed
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PasswordResetDto extends MailedTokenDto {
  @ApiProperty({ minLength: 10, maxLength: 128, description: 'The new password.' })
  @IsString()
  @PASSWORD_RULE
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 128 })
  @IsString()
  @MaxLength(128)
  currentPassword!: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @PASSWORD_RULE
  newPassword!: string;
}

/** The answer of requests whose outcome is mailed (sign-up, password reset). */
export class MailSentDto {
  @ApiProperty({ enum: ['mail-sent'], example: 'mail-sent' })
  status!: 'mail-sent';

  @ApiProperty({ example: 'Check your e-mail: we sent the next step to the address given.' })
  detail!: string;
}

export class AcceptInviteDto {
  @ApiProperty({ description: 'The token from the invitation link.' })
  @IsString()
  @MaxLength(2000)
  token!: string;

  @ApiPropertyOptional({ description: 'Required when the invited e-mail has no account yet.' })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiProperty({ description: 'A new password for a new account, or the existing password.' })
  @IsString()
  @MaxLength(128)
  password!: string;
}

export class UserDto {
  @ApiProperty({ example: 'usr_4Fh2kq9Xc0aLm3PzT1vY' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;
}

export class OrganizationDto {
  @ApiProperty({ example: 'org_9Qe1sV7bN2xR5tY8uI0o' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: PLANS })
  plan!: Plan;

  @ApiProperty({ example: 'UTC' })
  timezone!: string;
}

export class SessionDto {
  @ApiProperty({ description: 'Short-lived JWT for `Authorization: Bearer`.' })
  accessToken!: string;

  @ApiProperty({ description: 'Single-use; exchange it at /auth/refresh before it expires.' })
  refreshToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expiresIn!: number;

  @ApiProperty({ type: UserDto })
  user!: UserDto;

  @ApiProperty({ type: OrganizationDto })
  organization!: OrganizationDto;

  @ApiProperty({ enum: ROLES })
  role!: Role;
}

export class MeDto {
  @ApiProperty({ enum: ['user', 'api-key'] })
  kind!: 'user' | 'api-key';

  @ApiPropertyOptional({ type: UserDto })
  user?: UserDto;

  @ApiPropertyOptional({ enum: ROLES })
  role?: Role;

  @ApiPropertyOptional({ description: 'For an API key: its id and scopes.' })
  apiKey?: { id: string; scopes: string[] };

  @ApiProperty({ type: OrganizationDto })
  organization!: OrganizationDto;
}
