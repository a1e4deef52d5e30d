// Which URLs a function may call on a user's behalf (webhooks, documents): https only in AWS; with
// `allowInsecureLoopback` (the offline sandbox) also http:// to a loopback host.

export interface OutboundUrlPolicy {
  allowInsecureLoopback: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The parsed URL when the policy allows it, else a reason it does not. */
export function checkOutboundUrl(raw: string, policy: OutboundUrlPolicy): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL are not allowed' };
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && policy.allowInsecureLoopback && LOOPBACK_HOSTS.has(url.hostname)) return { ok: true, url };
  return { ok: false, reason: policy.allowInsecureLoopback ? 'only https, or http to a loopback host' : 'only https URLs are allowed' };
}
