import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { IdentityModule } from '../../identity/identity.module';
import { RoutingModule } from '../../routing/routing.module';
import { MailApiModule } from '../mail/mail-api.module';
import { OrgNameDirectory } from './org-name.directory';
import { ReportRecipientsController } from './report-recipients.controller';
import { ReportRunsController } from './report-runs.controller';
import { ReportUnsubscribeController } from './report-unsubscribe.controller';
import { RoadmapController } from './roadmap.controller';
import { WeeklyPreviewLinks } from './weekly-preview-link';
import { WeeklyPreviewLinkController } from './weekly-preview-link.controller';
import { WeeklyReportsController } from './weekly-reports.controller';

/**
 * The reporting service's public API: the weekly report (and its signed preview links), its
 * recipients and runs, the public unsubscribe link, and the roadmap, each forwarded through
 * ServiceRouter.
 */
@Module({
  imports: [RoutingModule, MailApiModule, IdentityModule, AuditModule],
  controllers: [
    WeeklyReportsController,
    WeeklyPreviewLinkController,
    ReportRunsController,
    ReportRecipientsController,
    ReportUnsubscribeController,
    RoadmapController,
  ],
  providers: [OrgNameDirectory, WeeklyPreviewLinks],
})
export class ReportingApiModule {}
