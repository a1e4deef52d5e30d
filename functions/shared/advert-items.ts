// Where an advert lives (README "Adverts (contract)"): its AdvertsTable keys and its S3 prefix,
// shared by advert-intake (writes), advert-stream (reads, updates variants) and advert-purge.

export const ADVERT_SK = 'META';
export const VARIANT_SK_PREFIX = 'VARIANT#';

export const advertPk = (advertId: string): string => `ADVERT#${advertId}`;
/** Two digits, so sk order is position order (at most 5 variants). */
export const variantSk = (position: number): string => `${VARIANT_SK_PREFIX}${String(position).padStart(2, '0')}`;
export const ownerPk = (owner: string): string => `OWNER#${owner}`;
export const advertTokenSk = (clientToken: string): string => `ADVERT_TOKEN#${clientToken}`;

/** Every image of an advert is under this prefix (advert-purge deletes it). */
export const advertImagePrefix = (owner: string, advertId: string): string => `adverts/${owner}/${advertId}/`;
