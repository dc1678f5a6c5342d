import { createServer, Server, Socket, connect } from 'node:net';
import { Body, Controller, DynamicModule, Logger, Module, Post } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IsInt, IsString, Min } from 'class-validator';
import { BaseServiceConfig, ServiceCoreModule, ServiceDefinition, ServiceRuntime } from '../src';

export class CreateWidgetDto {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  size!: number;
}

export const WIDGET_CREATE_PATTERN = 'reporting.widgets.create.1';
export const WIDGET_FAIL_PATTERN = 'reporting.widgets.fail.1';

/** HTTP and message entry points that exercise validation, errors and logging end to end. */
@Controller('widgets')
class WidgetsController {
  private readonly logger = new Logger('WidgetsController');

  @Post()
  create(@Body() widget: CreateWidgetDto): CreateWidgetDto & { kind: string } {
    this.logger.log({ msg: 'widget created', size: widget.size });
    return { ...widget, kind: widget.constructor.name };
  }

  @MessagePattern(WIDGET_CREATE_PATTERN)
  createByMessage(@Payload() widget: CreateWidgetDto): CreateWidgetDto & { kind: string } {
    return { ...widget, kind: widget.constructor.name };
  }

  @MessagePattern(WIDGET_FAIL_PATTERN)
  fail(): never {
    throw new Error('disk on fire');
  }
}

@Module({})
class WidgetsAppModule {
  static forRoot(runtime: ServiceRuntime): DynamicModule {
    return {
      module: WidgetsAppModule,
      imports: [ServiceCoreModule.forRoot(runtime)],
      controllers: [WidgetsController],
    };
  }
}

/** A small service built the way the real ones are. */
export const widgetsService: ServiceDefinition<BaseServiceConfig> = {
  service: 'reporting',
  module: (runtime) => WidgetsAppModule.forRoot(runtime),
  configClass: BaseServiceConfig,
  defaultPort: 3999,
};

/** A port nothing listens on (taken from the OS, then released). */
export { freePort as closedPort } from '@vantage/observability/testing';

/** Forwards a local port to `target` once started: lets a test make a server "come back". */
export class TcpForwarder {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    if (this.server) return;
    this.server = createServer((inbound) => {
      const outbound = connect(this.target.port, this.target.host);
      for (const socket of [inbound, outbound]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
