/**
 * The error a transport rejects with. Its own module because it is public (exported by the
 * package) while the HTTP transport is part of the lazily loaded delivery pipeline.
 */
import { nameErrors } from '../errors';

/** Why a batch was not delivered. `status` is absent for network errors and timeouts. */
export class DeliveryError extends Error {
  declare readonly name: 'DeliveryError';
  constructor(
    message: string,
    readonly status?: number,
    /** From the collector's `Retry-After` header, in milliseconds from now. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** A 4xx other than 408 (timeout) and 429 (rate limit): the batch itself is wrong; resending it cannot help. */
  get permanent(): boolean {
    return isPermanentStatus(this.status);
  }
}

nameErrors(DeliveryError, 'DeliveryError');

export function isPermanentStatus(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}
