import { describeServiceBasics } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';

describeServiceBasics(gatewayService);
