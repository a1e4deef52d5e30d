export { startS3Local, DEFAULT_MAX_OBJECT_BYTES, type S3Local, type S3LocalOptions, type ObjectSummary } from './server.js';
export { S3Error } from './errors.js';
export type { S3Credential } from './signature.js';
