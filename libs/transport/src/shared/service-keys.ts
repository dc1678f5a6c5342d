/**
 * Key builders for the namespaces that are not transport streams. Each service's keys sit under
 * a fixed, service-specific start, so one Redis ACL glob grants them without granting another
 * service's keys (see acl/service-acl.ts).
 */
import { redisUrlNodes } from './redis-client';

/**
 * A gateway counter key (rate limits, failed logins, WebSocket caps, deny lists). `tag` is the
 * Redis Cluster hash tag: keys touched by one script share it. It always starts with `gw:`, so
 * no tag chosen from request data can land in another namespace (`{cmd:billing}` and the like).
 */
export function gatewayKey(prefix: string, tag: string, suffix = ''): string {
  // Braces inside the tag would end it early and split keys meant for one slot.
  return `${prefix}:{gw:${tag.replace(/[{}]/g, '_')}}${suffix}`;
}

/** Whose reply streams a client reads: the Redis user of its connection ("default" if none). */
export function replyOwnerOf(redisUrl: string): string {
  try {
    // A cluster's node list logs in as the first node's user on every node.
    const first = redisUrlNodes(redisUrl)[0] ?? '';
    const user = decodeURIComponent(new URL(first).username);
    return user === '' ? 'default' : user;
  } catch {
    return 'default';
  }
}
