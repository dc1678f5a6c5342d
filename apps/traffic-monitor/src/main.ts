import 'reflect-metadata';
import { bootstrapService } from '@vantage/service-runtime';
import { trafficMonitorService } from './service-definition';

void bootstrapService(trafficMonitorService);
