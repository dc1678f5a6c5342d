import { Module } from '@nestjs/common';
import { Mailer } from './mailer';

/** The SMTP pool every kind of mail goes out through. */
@Module({ providers: [Mailer], exports: [Mailer] })
export class MailerModule {}
