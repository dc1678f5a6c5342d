import { Module } from '@nestjs/common';
import { RedisLocks } from './redis-locks';

/** Locks shared by the billing replicas (see RedisLocks). */
@Module({ providers: [RedisLocks], exports: [RedisLocks] })
export class LocksModule {}
