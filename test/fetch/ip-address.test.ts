import { describe, expect, test } from 'bun:test';
import { blockedReason, isPublicAddress } from '../../src/fetch/index.ts';
import { parseIpv6 } from '../../src/fetch/ip-address.ts';

describe('blockedReason for IPv4', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'shared address space (CGNAT)'],
    ['100.127.255.255', 'shared address space (CGNAT)'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'reserved'],
  ])('refuses %s as %s', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  test.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0',
    '169.253.255.255', '11.0.0.0', '93.184.216.34'])('accepts public %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('blockedReason for IPv6', () => {
  test.each([
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'reserved'],
    ['100::1', 'reserved'],
    ['::ffff:127.0.0.1', 'embedded IPv4 loopback'],
    ['::ffff:7f00:1', 'embedded IPv4 loopback'],
    ['::ffff:10.0.0.1', 'embedded IPv4 private'],
    ['::ffff:169.254.169.254', 'embedded IPv4 link-local'],
    ['::ffff:0:192.168.0.1', 'embedded IPv4 private'],
    ['64:ff9b::10.0.0.1', 'embedded IPv4 private'],
    ['2002:7f00:1::', 'embedded IPv4 loopback'],
    ['::127.0.0.1', 'reserved'],
  ])('refuses %s as %s', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  test.each(['2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8', '2002:0808:0808::1'])('accepts public %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('blockedReason for malformed input', () => {
  test.each(['', 'localhost', '1.2.3', '1.2.3.256', '01.2.3.4.5', '1:2:3:4:5:6:7:8:9', '1::2::3',
    'gggg::1', '1:2:3:4:5:6:7', '1.2.3.4::'])('refuses %p as invalid', (text) => {
    expect(blockedReason(text)).toBe('invalid');
  });

  test('expands :: and a dotted tail into eight groups', () => {
    expect(parseIpv6('1::2')).toEqual([1, 0, 0, 0, 0, 0, 0, 2]);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
  });
});
