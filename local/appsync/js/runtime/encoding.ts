// util.base64Encode / urlEncode / escapeJavaScript ...: AppSync's Java semantics.
// https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html

export const base64Encode = (value: string): string => Buffer.from(String(value), 'utf8').toString('base64');
export const base64Decode = (value: string): string => Buffer.from(String(value), 'base64').toString('utf8');

/** Java URLEncoder (application/x-www-form-urlencoded): space -> '+', and ! ' ( ) ~ escaped. */
export function urlEncode(value: string): string {
  return encodeURIComponent(String(value))
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function urlDecode(value: string): string {
  return decodeURIComponent(String(value).replace(/\+/g, ' '));
}

const ESCAPES: Record<string, string> = {
  "'": "\\'", '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\n': '\\n', '\t': '\\t', '\f': '\\f', '\r': '\\r',
};

/** Apache Commons StringEscapeUtils.escapeEcmaScript. */
export function escapeJavaScript(value: string): string {
  let out = '';
  for (const char of String(value)) {
    const escaped = ESCAPES[char];
    if (escaped !== undefined) {
      out += escaped;
      continue;
    }
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code > 0x7e) {
      const units = code > 0xffff ? [char.charCodeAt(0), char.charCodeAt(1)] : [code];
      out += units.map((u) => `\\u${u.toString(16).toUpperCase().padStart(4, '0')}`).join('');
    } else {
      out += char;
    }
  }
  return out;
}
