import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length, MaxLength, Validate } from 'class-validator';
import type { ValidatorConstraintInterface } from 'class-validator';
import { OptionalNotNull } from '@vantage/contracts';
import { ROLES, type Role } from '../auth/principal';

class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'timezone must be an IANA time zone such as Europe/Paris';
  }
}

// OptionalNotNull, not IsOptional: `null` would be stored over the name and time zone.
export class UpdateOrgDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Paris', description: 'IANA time zone of reports.' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Validate(IsTimeZone)
  timezone?: string;
}

export class MemberDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty()
  joinedAt!: string;
}

export class MemberListDto {
  @ApiProperty({ type: [MemberDto] })
  items!: MemberDto[];
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class CreateInviteDto {
  @ApiProperty({ example: 'grace@example.com' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class InviteDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty()
  invitedBy!: string;

  @ApiProperty()
  expiresAt!: string;

  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] })
  status!: 'pending' | 'accepted' | 'revoked' | 'expired';
}

export class CreatedInviteDto extends InviteDto {
  @ApiProperty({ description: 'The link to send; also e-mailed by Vantage. Shown once.' })
  inviteUrl!: string;
}

export class InviteListDto {
  @ApiProperty({ type: [InviteDto] })
  items!: InviteDto[];
}
