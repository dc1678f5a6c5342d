/** How a message's handling ended, as counted by the transport. */
export type MessageOutcome = 'ok' | 'error' | 'duplicate' | 'expired' | 'dead-lettered';
export type MessageKind = 'request' | 'event' | 'broadcast';
export type RequestOutcome = 'ok' | 'error' | 'timeout';

/** What the transport reports; the Prometheus implementation lives beside it. */
export interface MessageMetrics {
  messageHandled(
    pattern: string,
    kind: MessageKind,
    outcome: MessageOutcome,
    seconds: number,
  ): void;
  messageRedelivered(pattern: string): void;
  requestCompleted(pattern: string, target: string, outcome: RequestOutcome, seconds: number): void;
}

export const noopMessageMetrics: MessageMetrics = {
  messageHandled: () => undefined,
  messageRedelivered: () => undefined,
  requestCompleted: () => undefined,
};
