import { Module } from '@nestjs/common';
import { ServiceEmitterModule } from '../messaging/service-emitter.module';
import { TrafficLivePublisher } from './traffic-live.publisher';

/** The /ws `traffic` channel, shared by the bucket flusher and the alert evaluator. */
@Module({
  imports: [ServiceEmitterModule],
  providers: [TrafficLivePublisher],
  exports: [TrafficLivePublisher],
})
export class TrafficLiveModule {}
