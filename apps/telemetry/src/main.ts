import 'reflect-metadata';
import { bootstrapService } from '@vantage/service-runtime';
import { telemetryService } from './service-definition';

void bootstrapService(telemetryService);
