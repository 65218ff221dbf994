import { BlockList, isIP } from 'node:net';

/** One allowed range of client addresses: a single address is a block of its full length (/32, /128). */
export interface AddressBlock {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8` or `192.0.2.7` (IPv4 or IPv6); undefined when it is neither. */
export function parseAddressBlock(entry: string): AddressBlock | undefined {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  if (extra !== undefined) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const longest = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: longest, family };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= longest ? { address, prefix, family } : undefined;
}

/** Whether an address (as a socket reports it) is in one of the blocks. */
export function addressMatcher(blocks: AddressBlock[]): (address: string) => boolean {
  const list = new BlockList();
  for (const block of blocks) list.addSubnet(block.address, block.prefix, block.family);
  return (address) => {
    // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; the blocks are written as plain IPv4.
    const plain = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
    const version = isIP(plain);
    return version !== 0 && list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}
