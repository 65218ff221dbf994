import { isIPv4 } from 'node:net';

/**
 * Whether a host name or address stays on this machine (127.0.0.0/8, ::1, localhost): traffic to it cannot be
 * read or altered on the network, so plaintext and an open listener are safe there and nowhere else.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === '::1') return true;
  const ipv4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIPv4(ipv4) && ipv4.startsWith('127.');
}
