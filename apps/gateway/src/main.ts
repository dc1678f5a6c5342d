import 'reflect-metadata';
import { bootstrapService } from '@vantage/service-runtime';
import { gatewayService } from './service-definition';

void bootstrapService(gatewayService);
