import { describeServiceBasics } from '@vantage/service-runtime/testing';
import { reportingService } from '../src/service-definition';

describeServiceBasics(reportingService);
