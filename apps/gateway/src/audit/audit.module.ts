import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditEvent, AuditEventSchema } from './audit.schema';
import { AuditService } from './audit.service';

/**
 * The audit log: its store, its route, and the interceptor that @Audited puts on each audited
 * route (whose module imports this one: Nest builds a route's interceptor in its module).
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: AuditEvent.name, schema: AuditEventSchema }])],
  controllers: [AuditController],
  providers: [AuditService, AuditInterceptor],
  exports: [AuditService, AuditInterceptor],
})
export class AuditModule {}
