import 'reflect-metadata';
import { bootstrapService } from '@vantage/service-runtime';
import { billingService } from './service-definition';

void bootstrapService(billingService);
