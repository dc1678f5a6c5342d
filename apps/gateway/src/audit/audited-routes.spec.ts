import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { BillingController } from '../api/billing/billing.controller';
import { AlertsController } from '../api/traffic/alerts.controller';
import { DashboardController } from '../api/traffic/dashboard.controller';
import { RadSetsController } from '../api/traffic/rad-sets.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AUDITED_ROUTE } from './audited.decorator';

/** Routes of these controllers that take POST only to read (a query body), not to change. */
const READS_BY_POST = new Set(['DashboardController.query']);
const CHANGES = new Set<RequestMethod>([
  RequestMethod.POST,
  RequestMethod.PUT,
  RequestMethod.PATCH,
  RequestMethod.DELETE,
]);

/** The controllers whose every change the audit log must show (dashboard, RAD sets, alerts, billing). */
const AUDITED_CONTROLLERS = [
  DashboardController,
  RadSetsController,
  AlertsController,
  BillingController,
];

describe('audited controllers', () => {
  it('audit every route that changes something, including routes added later', () => {
    const changing = AUDITED_CONTROLLERS.flatMap((controller) =>
      Object.getOwnPropertyNames(controller.prototype)
        .map((name) => ({
          route: `${controller.name}.${name}`,
          handler: (controller.prototype as unknown as Record<string, unknown>)[name],
        }))
        .filter(
          ({ route, handler }) =>
            typeof handler === 'function' &&
            CHANGES.has(Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod) &&
            !READS_BY_POST.has(route),
        ),
    );
    const unaudited = changing
      .filter(({ handler }) => Reflect.getMetadata(AUDITED_ROUTE, handler as object) === undefined)
      .map(({ route }) => route);

    // 2 dashboard-config, 3 RAD-set, 4 alert (rules and acknowledge), 4 billing routes today.
    expect(changing.length).toBeGreaterThanOrEqual(13);
    expect(unaudited).toEqual([]);
  });

  it('run the audit interceptor on each audited route, and on no other route of these controllers', () => {
    const routes = AUDITED_CONTROLLERS.flatMap((controller) =>
      Object.getOwnPropertyNames(controller.prototype)
        .map((name) => (controller.prototype as unknown as Record<string, unknown>)[name])
        .filter((handler): handler is object => typeof handler === 'function')
        .filter((handler) => Reflect.getMetadata(METHOD_METADATA, handler) !== undefined)
        .map((handler) => ({
          audited: Reflect.getMetadata(AUDITED_ROUTE, handler) !== undefined,
          intercepted: (
            (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[]
          ).includes(AuditInterceptor),
        })),
    );

    // The interceptor is the route's own, not global: a route without it pays no rxjs pipeline.
    expect(routes.filter(({ audited }) => audited).length).toBeGreaterThanOrEqual(13);
    expect(routes.filter(({ audited, intercepted }) => audited !== intercepted)).toEqual([]);
  });
});
