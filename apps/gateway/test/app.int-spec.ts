import { SERVICE_NAMES } from '@vantage/contracts';
import { describeServiceBasics } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';

// The gateway is ready only when it reaches every service behind it.
describeServiceBasics(gatewayService, {
  readinessPeers: SERVICE_NAMES.filter((name) => name !== 'gateway'),
});
