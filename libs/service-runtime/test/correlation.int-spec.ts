import { Controller, DynamicModule, Get, Inject, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { currentContext, RequestContext } from '@vantage/observability';
import type { Logger } from '@vantage/observability';
import { RedisStreamsClient } from '@vantage/transport';
import { BaseServiceConfig, SERVICE_LOGGER, ServiceCoreModule, ServiceRuntime } from '../src';
import { startTestService, TestService, testTransportPrefix } from '../src/testing';

const ECHO_CONTEXT = 'telemetry.context.echo.1';
const TELEMETRY_CLIENT = Symbol('telemetry client');

@Controller('relay')
class RelayController {
  constructor(@Inject(TELEMETRY_CLIENT) private readonly telemetry: RedisStreamsClient) {}

  @Get()
  relay(): Promise<RequestContext> {
    return firstValueFrom(this.telemetry.send<RequestContext>(ECHO_CONTEXT, {}));
  }
}

@Controller()
class EchoController {
  constructor(@Inject(SERVICE_LOGGER) private readonly logger: Logger) {}

  @MessagePattern(ECHO_CONTEXT)
  echo(): RequestContext | undefined {
    this.logger.info('echoing context');
    return currentContext();
  }
}

@Module({})
class FrontModule {
  static forRoot(runtime: ServiceRuntime): DynamicModule {
    return {
      module: FrontModule,
      imports: [ServiceCoreModule.forRoot(runtime)],
      controllers: [RelayController],
      providers: [
        {
          provide: TELEMETRY_CLIENT,
          useFactory: () =>
            new RedisStreamsClient({
              redisUrl: runtime.config.REDIS_URL,
              service: 'telemetry',
              prefix: runtime.config.TRANSPORT_PREFIX,
            }),
        },
      ],
    };
  }
}

@Module({})
class BackModule {
  static forRoot(runtime: ServiceRuntime): DynamicModule {
    return {
      module: BackModule,
      imports: [ServiceCoreModule.forRoot(runtime)],
      controllers: [EchoController],
    };
  }
}

describe('a request that crosses from HTTP to a message', () => {
  let front: TestService;
  let back: TestService;

  beforeAll(async () => {
    const common = { configClass: BaseServiceConfig, defaultPort: 3999 };
    // One deployment: both services share the key prefix, as they share Redis in production.
    const env = { TRANSPORT_PREFIX: testTransportPrefix() };
    back = await startTestService(
      { ...common, service: 'telemetry', module: BackModule.forRoot },
      { env },
    );
    front = await startTestService(
      { ...common, service: 'gateway', module: FrontModule.forRoot },
      { env },
    );
  });

  afterAll(async () => {
    await front?.app.get<RedisStreamsClient>(TELEMETRY_CLIENT).close();
    await front?.close();
    await back?.close();
  });

  it('keeps its request id in the other service, in its context and in its logs', async () => {
    const response = await front.fetch('/relay', { headers: { 'x-request-id': 'corr-4711' } });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('corr-4711');
    const context = (await response.json()) as RequestContext;
    expect(context.requestId).toBe('corr-4711');
    expect(context.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(back.logs.find((line) => line.msg === 'echoing context')).toMatchObject({
      service: 'telemetry',
      requestId: 'corr-4711',
      messageId: context.messageId,
    });
    expect(front.logs.filter((line) => line.requestId === 'corr-4711').length).toBeGreaterThan(0);
  });
});
