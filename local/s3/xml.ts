// The little XML S3 speaks: escaping, a few response documents and reading a DeleteObjects body.
import type { S3Error } from './errors.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const UNESCAPES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export const unescapeXml = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return UNESCAPES[entity.toLowerCase()] ?? whole;
  });

/** One element per entry; values are escaped, nested arrays are elements in turn. */
export type XmlNode = [name: string, value: string | number | boolean | XmlNode[]];

export function renderXml(root: string, children: XmlNode[], namespace = true): string {
  return `${DECLARATION}${renderNode([root, children], namespace)}`;
}

function renderNode([name, value]: XmlNode, namespace = false): string {
  const open = namespace ? `<${name} xmlns="${S3_NAMESPACE}">` : `<${name}>`;
  const inner = Array.isArray(value) ? value.map((child) => renderNode(child)).join('') : escapeXml(String(value));
  return `${open}${inner}</${name}>`;
}

export const errorDocument = (error: S3Error, requestId: string): string =>
  renderXml(
    'Error',
    [['Code', error.code], ['Message', error.message], ...Object.entries(error.details), ['RequestId', requestId]],
    false,
  );

export interface DeleteRequest {
  keys: string[];
  quiet: boolean;
}

/** Reads `<Delete><Object><Key>..</Key></Object>...<Quiet>true</Quiet></Delete>`. */
export function parseDeleteRequest(body: string): DeleteRequest | undefined {
  if (!/<Delete[\s>]/.test(body)) return undefined;
  const keys = [...body.matchAll(/<Object>[\s\S]*?<Key>([\s\S]*?)<\/Key>[\s\S]*?<\/Object>/g)].map((m) => unescapeXml(m[1] ?? ''));
  return { keys, quiet: /<Quiet>\s*true\s*<\/Quiet>/i.test(body) };
}
