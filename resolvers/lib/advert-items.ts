// Shapes of the AdvertsTable items (README "Adverts"), the adverts Lambdas' events,
// and the stashes of the adverts pipelines.
// Type aliases, not interfaces: util.dynamodb.toMapValues accepts only index-compatible object types.
import type { AdvertVariantStatus, ErrorInfo, ImageFormat, Usage } from '../generated/schema-types';

export type AdvertImageItem = {
  position: number;
  format: ImageFormat;
  sizeBytes: number;
  width: number;
  height: number;
  sha256: string;
  /** S3 object key; never exposed by the API. */
  key: string;
};

export type AdvertItem = {
  pk: string;
  sk: string;
  type: 'Advert';
  id: string;
  owner: string;
  spec: string;
  tone?: string | null;
  wordCount: number;
  modelId: string;
  personas: string[];
  bypassCache: boolean;
  images: AdvertImageItem[];
  createdAt: string;
  updatedAt: string;
  gsi1pk: string;
  gsi1sk: string;
};

export type AdvertVariantItem = {
  pk: string;
  sk: string;
  type: 'AdvertVariant';
  id: string;
  advertId: string;
  owner: string;
  position: number;
  persona: string;
  status: AdvertVariantStatus;
  content: string;
  generation: number;
  cached: boolean;
  usage?: Usage | null;
  stopReason?: string | null;
  error?: ErrorInfo | null;
  createdAt: string;
  updatedAt: string;
};

/** What the API answers for an Advert: the item, with its variants for the Advert.variants field. */
export type AdvertWithVariants = AdvertItem & { variants: AdvertVariantItem[] };

/** The validated createAdvert input, defaults resolved: the `input` of the intake event. */
export type AdvertIntakeInput = {
  spec: string;
  images: { format: ImageFormat; base64: string }[];
  /** At least one: "General audience" when none was given. */
  personas: string[];
  tone: string | null;
  wordCount: number;
  modelId: string;
  clientToken: string | null;
  bypassCache: boolean;
};

/** The advert-intake Lambda's event (synchronous). */
export type AdvertIntakeEvent = {
  owner: string;
  advertId: string;
  /** One ULID per persona, in persona order. */
  variantIds: string[];
  createdAt: string;
  input: AdvertIntakeInput;
};

export type AdvertIntakeResult =
  | { ok: true; replayed: boolean; advert: AdvertItem; variants: AdvertVariantItem[] }
  | { ok: false; errorType: string; message: string };

/** The advert-stream Lambda's event (invocationType Event). */
export type AdvertStreamEvent = {
  advertId: string;
  owner: string;
  variants: { id: string; generation: number }[];
  bypassCache: boolean;
};

/** The advert-purge Lambda's event (synchronous). */
export type AdvertPurgeEvent = {
  advertId: string;
  owner: string;
};

export type StartError = { message: string; type: string };

/** What the Mutation.createAdvert steps hand each other. */
export type CreateAdvertStash = {
  /** Set by 01.intake: the stored advert and variants (the first ones on a replay). */
  advert?: AdvertItem;
  variants?: AdvertVariantItem[];
  /** True when the clientToken was seen before with the same input: nothing is started. */
  replayed?: boolean;
  /** Set by 02.startStream when the Lambda could not be invoked. */
  startError?: StartError;
};

/** What the authorize step of an advert's pipeline leaves for the later steps. */
export type AdvertStash = {
  advert: AdvertWithVariants;
  /** regenerateAdvertVariant: the variant, as read and then as restarted. */
  variant?: AdvertVariantItem;
  startError?: StartError;
};
