import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ValidationFailedError } from '@vantage/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { routeDtoOf, type RouteDtoClass } from './route-dto';

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}

/**
 * What a request without a body means on a route that takes one, as the OpenAPI document says
 * (openapi-refinements: a body whose fields are all optional may be left out):
 * - fields required: one 400 saying the body is missing, rather than an error per constraint of
 *   every required field;
 * - every field optional: the body is `{}`, the defaults (the validation pipe reads it so);
 * - a PATCH without a field, body or not: 400, there is nothing to change.
 * The last global guard (configureEdge adds it after AppModule's), so an anonymous caller learns
 * that it needs a credential first; a guard rather than an interceptor, as a global interceptor
 * wraps every route in an rxjs pipeline.
 */
@Injectable()
export class RequestBodyGuard implements CanActivate {
  private readonly requiresFields = new WeakMap<RouteDtoClass, boolean>();
  /** Each handler's body class (null: none), read from the decorators' metadata once. */
  private readonly bodyDtos = new WeakMap<object, RouteDtoClass | null>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const dto = this.bodyDtoOf(context);
    if (!dto) return true;
    const { body, method } = context.switchToHttp().getRequest<FastifyRequest>();
    if (method === 'PATCH' && (body === undefined || isEmptyObject(body))) {
      throw new ValidationFailedError(
        'nothing to change: send the fields to change as a JSON object',
      );
    }
    if (body === undefined && this.hasRequiredFields(dto)) {
      throw new ValidationFailedError(
        'this request needs a JSON body (Content-Type: application/json)',
      );
    }
    return true;
  }

  private bodyDtoOf(context: ExecutionContext): RouteDtoClass | null {
    const handler = context.getHandler();
    let dto = this.bodyDtos.get(handler);
    if (dto === undefined) {
      dto = routeDtoOf(context.getClass(), handler.name, RouteParamtypes.BODY) ?? null;
      this.bodyDtos.set(handler, dto);
    }
    return dto;
  }

  /** Whether `{}` breaks a constraint of the class: the pipe's own rules, asked once per class. */
  private hasRequiredFields(dto: RouteDtoClass): boolean {
    let required = this.requiresFields.get(dto);
    if (required === undefined) {
      required = validateSync(plainToInstance(dto, {})).length > 0;
      this.requiresFields.set(dto, required);
    }
    return required;
  }
}
