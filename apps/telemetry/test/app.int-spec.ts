import { describeServiceBasics } from '@vantage/service-runtime/testing';
import { telemetryService } from '../src/service-definition';

describeServiceBasics(telemetryService);
