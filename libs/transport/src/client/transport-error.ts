import { ErrorPayload } from '@vantage/contracts';

/** A request that failed in or on the way to another service, with the payload to map from. */
export class TransportError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
    this.name = 'TransportError';
  }

  get code(): ErrorPayload['code'] {
    return this.payload.code;
  }

  get status(): number {
    return this.payload.status;
  }
}
