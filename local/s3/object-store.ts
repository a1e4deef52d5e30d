// The store's state: buckets of objects in memory, keys kept in S3's (UTF-8 binary) order for listing.
import { noSuchBucket } from './errors.js';

export interface StoredObject {
  key: string;
  bytes: Buffer;
  /** Quoted MD5 hex, as S3 reports a single-part upload's ETag. */
  etag: string;
  lastModified: Date;
  /** Content-Type, Cache-Control... as sent, by lowercased header name. */
  contentHeaders: Record<string, string>;
  /** x-amz-meta-* names without the prefix. */
  metadata: Record<string, string>;
  /** Flexible checksums by algorithm (crc32...), base64. */
  checksums: Record<string, string>;
}

export interface ListPage {
  objects: StoredObject[];
  commonPrefixes: string[];
  /** The last key or common prefix returned when there are more; undefined on the last page. */
  nextMarker: string | undefined;
}

export interface ListOptions {
  prefix: string;
  delimiter: string | undefined;
  /** List keys strictly after this one. */
  after: string | undefined;
  maxKeys: number;
}

const compareKeys = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();

  constructor(bucketNames: readonly string[]) {
    for (const name of bucketNames) this.buckets.set(name, new Map());
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.bucket(bucket).get(key);
  }

  put(bucket: string, object: StoredObject): void {
    this.bucket(bucket).set(object.key, object);
  }

  /** S3 deletes idempotently: a missing key is not an error. */
  delete(bucket: string, key: string): void {
    this.bucket(bucket).delete(key);
  }

  all(bucket: string): StoredObject[] {
    return [...this.bucket(bucket).values()].sort((a, b) => compareKeys(a.key, b.key));
  }

  list(bucket: string, options: ListOptions): ListPage {
    const objects: StoredObject[] = [];
    const commonPrefixes: string[] = [];
    let lastEntry: string | undefined;
    for (const object of this.all(bucket)) {
      if (!object.key.startsWith(options.prefix)) continue;
      if (options.after !== undefined && compareKeys(object.key, options.after) <= 0) continue;
      const rolledUp = this.rollUp(object.key, options);
      if (rolledUp !== undefined && rolledUp === commonPrefixes.at(-1)) continue;
      if (rolledUp !== undefined && options.after !== undefined && options.after.startsWith(rolledUp)) continue;
      if (objects.length + commonPrefixes.length >= options.maxKeys) return { objects, commonPrefixes, nextMarker: lastEntry };
      if (rolledUp !== undefined) commonPrefixes.push(rolledUp);
      else objects.push(object);
      lastEntry = rolledUp ?? object.key;
    }
    return { objects, commonPrefixes, nextMarker: undefined };
  }

  private rollUp(key: string, { prefix, delimiter }: ListOptions): string | undefined {
    if (!delimiter) return undefined;
    const at = key.indexOf(delimiter, prefix.length);
    return at < 0 ? undefined : key.slice(0, at + delimiter.length);
  }

  private bucket(name: string): Map<string, StoredObject> {
    const bucket = this.buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }
}
