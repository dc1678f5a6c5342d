import { Module } from '@nestjs/common';
import { TrafficLivePublisher } from './traffic-live.publisher';

/** The /ws `traffic` channel, shared by the bucket flusher and the alert evaluator. */
@Module({ providers: [TrafficLivePublisher], exports: [TrafficLivePublisher] })
export class TrafficLiveModule {}
