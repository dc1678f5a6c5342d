import { describeServiceBasics } from '@vantage/service-runtime/testing';
import { billingService } from '../src/service-definition';

describeServiceBasics(billingService);
