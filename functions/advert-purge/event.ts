// advert-purge's event (README "Adverts"), from Mutation.deleteAdvert after it authorized the
// caller. The owner and id build an S3 prefix: both are checked strictly, so a malformed one
// can never widen what is deleted.
import { InvalidEventError } from '../shared/errors.js';

export interface AdvertPurgeEvent {
  advertId: string;
  owner: string;
}

/** A ULID, or the client's own ULID or UUID (CreateAdvertInput.id). */
const ADVERT_ID = /^([0-9A-HJKMNP-TV-Z]{26}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
/** A Cognito sub (UUID) or "guest". */
const OWNER = /^[A-Za-z0-9_-]{1,128}$/;

export function parseAdvertPurgeEvent(payload: unknown): AdvertPurgeEvent {
  const fields = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
  const { advertId, owner } = fields;
  if (typeof advertId !== 'string' || !ADVERT_ID.test(advertId)) throw new InvalidEventError('Event field advertId must be a ULID or a UUID');
  if (typeof owner !== 'string' || !OWNER.test(owner)) throw new InvalidEventError('Event field owner must be 1-128 of [A-Za-z0-9_-]');
  return { advertId, owner };
}
