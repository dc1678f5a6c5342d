import 'reflect-metadata';
import { bootstrapService } from '@vantage/service-runtime';
import { reportingService } from './service-definition';

void bootstrapService(reportingService);
