import { Injectable } from '@nestjs/common';
import type { LiveChannel, LiveUpdate } from '@vantage/contracts';
import type { LiveConnection } from './live-connection';
import { updateFrame } from './live-protocol';

/**
 * This replica's subscriptions, indexed by org and channel so an update reaches exactly the
 * local clients of its org that asked for its channel. Every replica receives every update
 * (a broadcast), so each client, wherever it is connected, gets it once.
 */
@Injectable()
export class LiveHub {
  private readonly subscribers = new Map<string, Map<LiveChannel, Set<LiveConnection>>>();

  /** Idempotent: subscribing twice still delivers each update once. */
  subscribe(connection: LiveConnection, channel: LiveChannel): void {
    const orgId = connection.orgId;
    if (orgId === undefined) throw new Error('only authenticated connections subscribe');
    let channels = this.subscribers.get(orgId);
    if (!channels) {
      channels = new Map();
      this.subscribers.set(orgId, channels);
    }
    let members = channels.get(channel);
    if (!members) {
      members = new Set();
      channels.set(channel, members);
    }
    members.add(connection);
    connection.channels.add(channel);
  }

  unsubscribe(connection: LiveConnection, channel: LiveChannel): void {
    connection.channels.delete(channel);
    const orgId = connection.orgId;
    if (orgId === undefined) return;
    const channels = this.subscribers.get(orgId);
    const members = channels?.get(channel);
    if (!channels || !members) return;
    members.delete(connection);
    // Empty sets are removed so an org whose clients all left costs nothing.
    if (members.size === 0) channels.delete(channel);
    if (channels.size === 0) this.subscribers.delete(orgId);
  }

  /** A closed connection leaves every channel it was in. */
  forget(connection: LiveConnection): void {
    for (const channel of [...connection.channels]) this.unsubscribe(connection, channel);
  }

  /** Sends the update to this replica's subscribers of its org and channel; returns how many. */
  publish(update: LiveUpdate): number {
    const members = this.subscribers.get(update.orgId)?.get(update.channel);
    if (!members || members.size === 0) return 0;
    const text = JSON.stringify(updateFrame(update));
    let delivered = 0;
    // A copy: a slow client dropped mid-loop leaves the set when its socket closes.
    for (const connection of [...members]) {
      if (connection.sendText(text, 'update')) delivered += 1;
    }
    return delivered;
  }

  /** Subscribed connections on this replica (for tests and diagnostics). */
  get subscriptionCount(): number {
    let count = 0;
    for (const channels of this.subscribers.values()) {
      for (const members of channels.values()) count += members.size;
    }
    return count;
  }
}
