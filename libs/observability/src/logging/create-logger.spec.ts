import { runWithContext } from '../context/request-context';
import { captureLogs } from '../testing';
import { createLogger } from './create-logger';

describe('createLogger', () => {
  it('adds the requestId and orgId of the request being handled to every line', () => {
    const capture = captureLogs();
    const logger = createLogger({ service: 'billing', destination: capture.destination });

    runWithContext({ requestId: 'req-42', orgId: 'org_7' }, () => logger.info('invoice paid'));
    logger.info('outside any request');

    expect(capture.lines[0]).toMatchObject({
      service: 'billing',
      requestId: 'req-42',
      orgId: 'org_7',
      msg: 'invoice paid',
    });
    expect(capture.lines[1]).not.toHaveProperty('requestId');
  });

  it('never writes an Authorization header or a token, wherever it sits', () => {
    const capture = captureLogs();
    const logger = createLogger({ service: 'gateway', destination: capture.destination });

    logger.info({ authorization: 'Bearer secret-jwt' }, 'top level');
    logger.info({ headers: { authorization: 'Bearer secret-jwt' } }, 'nested');
    logger.info({ req: { body: { refreshToken: 'secret-jwt' } } }, 'deeper');

    expect(capture.raw.join('\n')).not.toContain('secret-jwt');
    expect(capture.lines[1]).toMatchObject({ headers: { authorization: '[redacted]' } });
  });
});
