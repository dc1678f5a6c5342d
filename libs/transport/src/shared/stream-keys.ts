/**
 * Redis key names. Each stream's name sits in a hash tag, and every key that must be touched
 * atomically with a stream (its done markers and locks) shares that tag, so the layout works
 * unchanged on Redis Cluster.
 */
export function commandStreamKey(prefix: string, service: string): string {
  return `${prefix}:{cmd:${service}}`;
}

export function eventStreamKey(prefix: string, pattern: string): string {
  return `${prefix}:{evt:${pattern}}`;
}

/**
 * `clientId` starts with the Redis user of the client (`<user>:<random>`), so a service's ACL can
 * let it read only its own reply streams while it may write replies to any caller's.
 */
export function replyStreamKey(prefix: string, clientId: string): string {
  return `${prefix}:{reply:${clientId}}`;
}

export function deadLetterStreamKey(prefix: string, service: string): string {
  return `${prefix}:{dlq:${service}}`;
}

/** Set once a message was handled by `group`: a redelivery finds it and changes nothing. */
export function doneKey(streamKey: string, group: string, messageId: string): string {
  return `${streamKey}:done:${group}:${messageId}`;
}

/** Held while one replica handles a message, so a concurrent duplicate waits instead of running. */
export function lockKey(streamKey: string, group: string, messageId: string): string {
  return `${streamKey}:lock:${group}:${messageId}`;
}
