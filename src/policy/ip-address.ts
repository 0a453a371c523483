// IPv4 and IPv6 addresses and CIDR ranges for the IpAddress/NotIpAddress operators (IAM User
// Guide, "IP address condition operators": RFC 4632 CIDR, IPv6 as RFC 4291 text). Addresses are
// bigints so both families share one comparison; an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`,
// what Node reports for IPv4 clients on a dual-stack socket) counts as the IPv4 address it maps.

export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

export interface IpRange {
  version: 4 | 6;
  /** The network address, host bits cleared. */
  network: bigint;
  mask: bigint;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function parseIpAddress(text: string): IpAddress | undefined {
  const withoutZone = text.split('%')[0];
  const v4 = parseIpv4(withoutZone);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(withoutZone);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a range of one). */
export function parseCidr(text: string): IpRange | undefined {
  const [addressText, prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const address = parseIpAddress(addressText);
  if (address === undefined) return undefined;
  const bits = address.version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  const all = (1n << BigInt(bits)) - 1n;
  const mask = all ^ ((1n << BigInt(bits - prefix)) - 1n);
  return { version: address.version, network: address.value & mask, mask };
}

export function rangeContains(range: IpRange, address: IpAddress): boolean {
  return range.version === address.version && (address.value & range.mask) === range.network;
}

function parseIpv4(text: string): bigint | undefined {
  const match = IPV4.exec(text);
  if (match === null) return undefined;
  let value = 0;
  for (let index = 1; index <= 4; index += 1) {
    const octet = Number(match[index]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return BigInt(value);
}

function parseIpv6(text: string): bigint | undefined {
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** Colon-separated hex groups; the last may be a dotted IPv4 address (two groups' worth). */
function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      continue;
    }
    if (!HEX_GROUP.test(part)) return undefined;
    groups.push(parseInt(part, 16));
  }
  return groups;
}
