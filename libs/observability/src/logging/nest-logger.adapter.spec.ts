import { captureLogs } from '../testing';
import { createLogger } from './create-logger';
import { NestLoggerAdapter } from './nest-logger.adapter';

function adapterWithCapture(level = 'trace') {
  const capture = captureLogs();
  const adapter = new NestLoggerAdapter(
    createLogger({ service: 'test', level, destination: capture.destination }),
  );
  return { adapter, capture };
}

describe('NestLoggerAdapter', () => {
  it('writes Nest log calls as JSON lines with the context Nest passes last', () => {
    const { adapter, capture } = adapterWithCapture();

    adapter.log('Mapped {/health/live, GET} route', 'RouterExplorer');

    expect(capture.lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'test',
        context: 'RouterExplorer',
        msg: 'Mapped {/health/live, GET} route',
      }),
    ]);
  });

  it('keeps the stack Nest passes to error() apart from the context', () => {
    const { adapter, capture } = adapterWithCapture();
    const stack = new Error('boom').stack ?? '';

    adapter.error('Unhandled failure', stack, 'ExceptionsHandler');

    expect(capture.lines[0]).toMatchObject({
      level: 'error',
      context: 'ExceptionsHandler',
      stack,
      msg: 'Unhandled failure',
    });
  });

  it('logs an Error given as the message with its message and serialized error', () => {
    const { adapter, capture } = adapterWithCapture();

    adapter.error(new Error('database unreachable'));

    expect(capture.lines[0]).toMatchObject({
      level: 'error',
      msg: 'database unreachable',
      err: expect.objectContaining({ message: 'database unreachable', type: 'Error' }),
    });
  });

  it('turns an object message into fields, so Nest code can log structured data', () => {
    const { adapter, capture } = adapterWithCapture();

    adapter.warn({ msg: 'batch rejected', orgId: 'org_1', size: 3 }, 'IngestService');

    expect(capture.lines[0]).toMatchObject({
      level: 'warn',
      msg: 'batch rejected',
      orgId: 'org_1',
      size: 3,
      context: 'IngestService',
    });
  });

  it('maps Nest verbose to trace and respects the logger level', () => {
    const { adapter, capture } = adapterWithCapture('debug');

    adapter.verbose('too chatty');
    adapter.debug('useful detail');

    expect(capture.lines.map((line) => [line.level, line.msg])).toEqual([
      ['debug', 'useful detail'],
    ]);
  });
});
