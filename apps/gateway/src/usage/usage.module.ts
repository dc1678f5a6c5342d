import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { UsageCapture } from './usage-capture';
import { UsageRecorder } from './usage-recorder';
import { UsageMetrics } from './usage.metrics';

/**
 * Usage for the weekly report: records sign-ins and authenticated API requests per org and
 * emits them to reporting (`gateway.usage.recorded`). AuthModule imports it for sign-ins.
 */
@Module({
  imports: [RoutingModule],
  providers: [UsageMetrics, UsageRecorder, UsageCapture],
  exports: [UsageRecorder],
})
export class UsageModule {}
