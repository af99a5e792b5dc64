import { createHash } from 'node:crypto';

/** Approximate centres (WGS-84) of the towns and subdistricts the demo's addresses name. */
const TOWN_CENTRES: Record<string, [latitude: number, longitude: number]> = {
  临平街道: [30.419, 120.3],
  南苑街道: [30.405, 120.29],
  东湖街道: [30.425, 120.32],
  星桥街道: [30.395, 120.245],
  乔司街道: [30.37, 120.29],
  运河街道: [30.435, 120.22],
  崇贤街道: [30.43, 120.18],
  塘栖镇: [30.485, 120.19],
  织里镇: [30.835, 120.245],
  濮院镇: [30.665, 120.445],
};
/** Sites fall within about a kilometre of their town's centre. */
const SPREAD_DEGREES = 0.01;

/**
 * A firm's production site and town from its address: near the centre of the town the address names, moved by an amount drawn
 * from the firm's key (the same key, the same site). Null when the address names no known town.
 */
export function demoSite(
  firmKey: string,
  address: string,
): { latitude: string; longitude: string; town: string } | null {
  const town = Object.keys(TOWN_CENTRES).find((name) => address.includes(name));
  if (!town) return null;
  const [latitude, longitude] = TOWN_CENTRES[town];
  const digest = createHash('sha256').update(`site:${firmKey}`).digest();
  const offset = (byte: number) => ((digest.readUInt16BE(byte) / 0xffff) * 2 - 1) * SPREAD_DEGREES;
  return { latitude: (latitude + offset(0)).toFixed(6), longitude: (longitude + offset(2)).toFixed(6), town };
}
