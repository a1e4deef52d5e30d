// Key layout of the AdvertsTable (README "Adverts": one partition per advert, tokens per owner).

export const ADVERT_SK = 'META';
export const VARIANT_SK_PREFIX = 'VARIANT#';

export type AdvertTableKey = {
  pk: string;
  sk: string;
};

export function advertPk(advertId: string): string {
  return `ADVERT#${advertId}`;
}

export function advertKey(advertId: string): AdvertTableKey {
  return { pk: advertPk(advertId), sk: ADVERT_SK };
}

/** Two digits, so sk order is position order (at most 5 variants). */
export function variantKey(advertId: string, position: number): AdvertTableKey {
  const digits = position < 10 ? `0${position}` : `${position}`;
  return { pk: advertPk(advertId), sk: `${VARIANT_SK_PREFIX}${digits}` };
}
