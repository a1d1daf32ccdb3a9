/**
 * Links passed on to customers: `https:` only, or `http:` to this machine (a vendor's local development),
 * never with a user name or password in them. Anything else (`javascript:`, `data:`, plain `http:` on the
 * internet) is refused when the catalogue is written, checked again when suggestions are read, and the
 * widget can check it a third time with this same function (no zod, so it costs the bundle nothing more).
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isAllowedProductUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost'));
}
