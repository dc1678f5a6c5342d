import { describeServiceBasics } from '@vantage/service-runtime/testing';
import { trafficMonitorService } from '../src/service-definition';

describeServiceBasics(trafficMonitorService);
