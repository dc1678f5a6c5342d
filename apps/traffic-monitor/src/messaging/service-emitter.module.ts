import { Module } from '@nestjs/common';
import { ServiceEmitter } from './service-emitter';

/** One emit-only transport connection per replica, for the modules that announce things. */
@Module({ providers: [ServiceEmitter], exports: [ServiceEmitter] })
export class ServiceEmitterModule {}
