import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditEvent, AuditEventSchema } from './audit.schema';
import { AuditService } from './audit.service';

/**
 * The audit log: its store, its route, and the interceptor that records @Audited routes
 * (registered as APP_INTERCEPTOR by AppModule).
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: AuditEvent.name, schema: AuditEventSchema }])],
  controllers: [AuditController],
  providers: [AuditService, AuditInterceptor],
  exports: [AuditService, AuditInterceptor],
})
export class AuditModule {}
