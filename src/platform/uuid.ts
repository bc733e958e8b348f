/**
 * A UUID as Hearth's ids and the ids of the data it imports are written: 8-4-4-4-12 hexadecimal
 * digits, either case. Checked at the edge before an id reaches SQL, where a malformed one
 * would be a database error (a 500) instead of a "not found" or a named problem.
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
