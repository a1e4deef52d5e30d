// SHA-256 and HMAC-SHA256 for @smithy/signature-v4 from node:crypto: the signer's pure-JS default
// (@aws-crypto/sha256-js) costs several times the CPU, and the runtime signs on every data source
// call and checks a signature on every IAM request.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** @smithy/types' SourceData. */
type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: SourceData): Uint8Array | string =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** Structurally @smithy/types' Checksum, which SignatureV4 takes as its `sha256`. */
export class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  update(data: Uint8Array): void {
    this.hash.update(bytesOf(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(this.secret));
  }
}
