import { Module } from '@nestjs/common';
import { RoutingModule } from '../../routing/routing.module';
import { MailApiModule } from '../mail/mail-api.module';
import { ReportRecipientsController } from './report-recipients.controller';
import { ReportRunsController } from './report-runs.controller';
import { ReportUnsubscribeController } from './report-unsubscribe.controller';
import { RoadmapController } from './roadmap.controller';
import { WeeklyReportsController } from './weekly-reports.controller';

/**
 * The reporting service's public API: the weekly report, its recipients and runs, the public
 * unsubscribe link, and the roadmap, each forwarded through ServiceRouter.
 */
@Module({
  imports: [RoutingModule, MailApiModule],
  controllers: [
    WeeklyReportsController,
    ReportRunsController,
    ReportRecipientsController,
    ReportUnsubscribeController,
    RoadmapController,
  ],
})
export class ReportingApiModule {}
