/**
 * UK postcodes: normalising what people type, and telling a postcode from a place name.
 * The full grammar has exceptions (GIR 0AA, BFPO); this accepts every current format.
 */
const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** 'sw1a1aa' → 'SW1A 1AA'; undefined when it is not a postcode. */
export function normalisePostcode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const match = POSTCODE.exec(compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

/** The outward code ('SW1A') of a full postcode, or of a bare outward code people type. */
export function outwardCode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/\s+/g, '');
  if (/^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(compact)) return compact;
  return normalisePostcode(input)?.split(' ')[0];
}
