// An advert's AdvertsTable items (README "Adverts (contract)"): their keys, their shapes and the
// images' S3 prefix, shared by advert-intake (writes), advert-stream (reads, updates variants)
// and advert-purge.

export const ADVERT_SK = 'META';
export const VARIANT_SK_PREFIX = 'VARIANT#';

export const advertPk = (advertId: string): string => `ADVERT#${advertId}`;
/** Two digits, so sk order is position order (at most 5 variants). */
export const variantSk = (position: number): string => `${VARIANT_SK_PREFIX}${String(position).padStart(2, '0')}`;
export const ownerPk = (owner: string): string => `OWNER#${owner}`;
export const advertTokenSk = (clientToken: string): string => `ADVERT_TOKEN#${clientToken}`;

/** Every image of an advert is under this prefix (advert-purge deletes it). */
export const advertImagePrefix = (owner: string, advertId: string): string => `adverts/${owner}/${advertId}/`;

export const ADVERT_IMAGE_FORMATS = ['JPEG', 'PNG', 'WEBP', 'GIF'] as const;
export type AdvertImageFormat = (typeof ADVERT_IMAGE_FORMATS)[number];

export interface AdvertImageItem {
  position: number;
  format: AdvertImageFormat;
  sizeBytes: number;
  width: number;
  height: number;
  sha256: string;
  /** S3 object key. */
  key: string;
}

export interface AdvertItem {
  pk: string;
  sk: string;
  type: 'Advert';
  id: string;
  owner: string;
  spec: string;
  tone: string | null;
  wordCount: number;
  modelId: string;
  personas: string[];
  bypassCache: boolean;
  images: AdvertImageItem[];
  createdAt: string;
  updatedAt: string;
  gsi1pk: string;
  gsi1sk: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface AdvertVariantItem {
  pk: string;
  sk: string;
  type: 'AdvertVariant';
  id: string;
  advertId: string;
  owner: string;
  position: number;
  persona: string;
  status: 'STREAMING' | 'COMPLETE' | 'FAILED';
  content: string;
  generation: number;
  cached: boolean;
  /** Absent until the stream ends (regenerate removes them again). */
  usage?: Usage | null;
  stopReason?: string | null;
  error?: { errorType: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface AdvertTokenItem {
  pk: string;
  sk: string;
  type: 'AdvertToken';
  advertId: string;
  requestHash: string;
  /** Epoch seconds (TTL). */
  expiresAt: number;
}
