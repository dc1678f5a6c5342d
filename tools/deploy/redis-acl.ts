// Renders the Redis ACL of a deployment from the transport's table (SERVICE_REDIS_GRANTS):
//   npx tsx --tsconfig tsconfig.base.json tools/deploy/redis-acl.ts --rules > deploy/redis/service-acl.rules
//     the per-service rules without passwords, which docker-compose's Redis combines with its
//     REDIS_PASSWORD_<APP> variables at start (deploy/redis/start-redis.sh);
//   REDIS_ADMIN_PASSWORD=... REDIS_PASSWORD_GATEWAY=... (one per app) npx tsx ... redis-acl.ts > users.acl
//     a whole ACL file (passwords as SHA-256 hashes), e.g. for the k8s Secret vantage-redis-acl.
// TRANSPORT_PREFIX (default vantage) must be the apps' own: every key pattern starts with it.
import { SERVICE_NAMES, type ServiceName } from '@vantage/contracts';
import { renderRedisAclFile, renderServiceAclRules } from '@vantage/transport';
import { transportPrefixOf } from '../infra/src/redis-acl';

/** REDIS_PASSWORD_TRAFFIC_MONITOR and the like. */
export function passwordVariable(service: ServiceName): string {
  return `REDIS_PASSWORD_${service.toUpperCase().replace(/-/g, '_')}`;
}

export function renderDeploymentAcl(env: NodeJS.ProcessEnv, rulesOnly: boolean): string {
  const prefix = transportPrefixOf(env);
  if (rulesOnly) return renderServiceAclRules(prefix);
  const missing = ['REDIS_ADMIN_PASSWORD', ...SERVICE_NAMES.map(passwordVariable)].filter(
    (name) => !env[name],
  );
  if (missing.length > 0) throw new Error(`set ${missing.join(', ')}`);
  const passwords = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, env[passwordVariable(service)] as string]),
  ) as Record<ServiceName, string>;
  return renderRedisAclFile({
    prefix,
    passwords,
    admin: { password: env['REDIS_ADMIN_PASSWORD'] as string },
  });
}

if (require.main === module) {
  try {
    process.stdout.write(renderDeploymentAcl(process.env, process.argv.includes('--rules')));
  } catch (error) {
    process.stderr.write(`redis-acl: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
