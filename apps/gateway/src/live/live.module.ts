import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveHub } from './live-hub';
import { LiveMetrics } from './live-metrics';
import { LiveUpdatesHandler } from './live-updates.handler';
import { LiveGateway } from './live.gateway';

/** Live updates on /ws: authenticated sockets, per-org channel subscriptions, fan-out. */
@Module({
  imports: [AuthModule],
  controllers: [LiveUpdatesHandler],
  providers: [LiveHub, LiveMetrics, LiveGateway],
})
export class LiveModule {}
