import { describe, expect, it } from 'vitest';
import { addressMatcher, parseAddressBlock } from '../../src/config/address-list.js';
import { isLoopbackHost } from '../../src/config/loopback.js';

describe('loopback hosts', () => {
  it('are 127.0.0.0/8, ::1 and localhost, however written', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      'localhost',
      'LOCALHOST',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('are nothing else: any address, the wildcard, a name that only looks local', () => {
    for (const host of [
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '128.0.0.1',
      'mail.example.org',
      '127.0.0.1.example.org',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('address blocks', () => {
  it('are addresses (a block of one) or CIDR blocks, IPv4 or IPv6', () => {
    expect(parseAddressBlock('192.0.2.7')).toEqual({ address: '192.0.2.7', prefix: 32, family: 'ipv4' });
    expect(parseAddressBlock(' 10.0.0.0/8 ')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseAddressBlock('2001:db8::/32')).toEqual({ address: '2001:db8::', prefix: 32, family: 'ipv6' });
    for (const wrong of [
      'relay.example',
      '10.0.0.0/33',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      '::/129',
      '10.0.0.0/-1',
    ]) {
      expect(parseAddressBlock(wrong), wrong).toBeUndefined();
    }
  });

  it('match the addresses inside them, also as a dual-stack socket reports IPv4 clients', () => {
    const blocks = ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32'].map((entry) => parseAddressBlock(entry));
    const isAllowed = addressMatcher(blocks.filter((block) => block !== undefined));
    for (const address of ['10.200.3.4', '192.0.2.7', '::ffff:10.1.1.1', '2001:db8::25']) {
      expect(isAllowed(address), address).toBe(true);
    }
    for (const address of ['127.0.0.1', '192.0.2.8', '11.0.0.1', '2001:db9::1', 'not an address']) {
      expect(isAllowed(address), address).toBe(false);
    }
  });
});
