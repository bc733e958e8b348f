import type { Queryable } from '../db/db.js';
import type { LatLng } from './distance.js';

/** SQL for the shared postcode table (platform geography). */
export async function findPostcode(db: Queryable, postcode: string): Promise<LatLng | undefined> {
  const { rows } = await db.query<{ latitude: number; longitude: number }>(
    'SELECT latitude, longitude FROM postcode WHERE postcode = $1',
    [postcode],
  );
  return rows[0] ? { lat: rows[0].latitude, lng: rows[0].longitude } : undefined;
}

/** Centre of an outward code ('AB1'), averaged from its postcodes. */
export async function findOutwardCode(db: Queryable, outward: string): Promise<LatLng | undefined> {
  const { rows } = await db.query<{ lat: number | null; lng: number | null }>(
    `SELECT avg(latitude) AS lat, avg(longitude) AS lng FROM postcode WHERE postcode LIKE $1`,
    [`${outward} %`],
  );
  return rows[0]?.lat != null && rows[0]?.lng != null ? { lat: rows[0].lat, lng: rows[0].lng } : undefined;
}

export async function upsertPostcodes(db: Queryable, batch: { postcode: string; lat: number; lng: number }[]): Promise<void> {
  if (!batch.length) return;
  await db.query(
    `INSERT INTO postcode (postcode, latitude, longitude)
     SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[])
     ON CONFLICT (postcode) DO UPDATE SET latitude = excluded.latitude, longitude = excluded.longitude`,
    [batch.map((p) => p.postcode), batch.map((p) => p.lat), batch.map((p) => p.lng)],
  );
}

export async function countPostcodes(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM postcode');
  return rows[0].n;
}
