/**
 * The fictional Borough of Ashdown: two towns, a market town, estates and villages, laid
 * over about 15 x 12 km of real English Midlands coordinates (so maps and distances look
 * right) but with made-up places and a postcode area that Royal Mail does not use.
 */

/** Everything generated for the demo lies inside this box (WGS84 degrees). */
export const DEMO_BOUNDS = {
  south: 52.5,
  north: 52.608, // 12 km north of `south`
  west: -1.62,
  east: -1.4, // 15 km east of `west` at this latitude
} as const;

export const DEMO_CENTRE = { lat: 52.554, lng: -1.51 } as const;

/** The ceremonial county the addresses carry (fictional too). */
export const DEMO_COUNTY = 'Ardenshire';

export interface Place {
  key: string;
  name: string;
  kind: 'town' | 'estate' | 'village';
  /** Postcode district, e.g. `AS1`. */
  district: string;
  /** Postcode sectors of that district used by this place. */
  sectors: readonly number[];
  lat: number;
  lng: number;
  /** Postcodes scatter within this radius of the centre. */
  radiusKm: number;
  /** Relative size: share of postcodes and of generated services. */
  weight: number;
  streets: readonly string[];
}

export const PLACES: readonly Place[] = [
  {
    key: 'ashdown', name: 'Ashdown', kind: 'town', district: 'AS1', sectors: [1, 2, 3, 4], lat: 52.556, lng: -1.505, radiusKm: 1.0, weight: 12,
    streets: ['Market Square', 'High Street', 'Church Street', 'Station Road', 'Chapel Lane', 'Wesley Street', "Queen's Road", 'Park Road', 'College Road', 'Victoria Road', 'Priory Walk', 'Bridge Street', 'Sheep Street', 'Castle Street', 'Albion Terrace', 'Northgate'],
  },
  {
    key: 'brookfield', name: 'Brookfield', kind: 'estate', district: 'AS2', sectors: [1, 2, 3], lat: 52.568, lng: -1.497, radiusKm: 0.7, weight: 7,
    streets: ['Brookfield Way', 'Ashby Road', 'Larch Avenue', 'Cedar Drive', 'Hazel Close', 'Rowan Crescent', 'Alder Road', 'Willow Walk', 'Maple Court', 'Hornbeam Drive'],
  },
  {
    key: 'hollins-park', name: 'Hollins Park', kind: 'estate', district: 'AS3', sectors: [1, 2, 3], lat: 52.544, lng: -1.513, radiusKm: 0.7, weight: 7,
    streets: ['Hollins Road', 'Sycamore Road', 'Beech Grove', 'Ridgeway', 'Coronation Avenue', 'Elm Tree Road', 'Holly Bank', 'Kestrel Way', 'Falcon Close', 'Linnet Drive'],
  },
  {
    key: 'kingsmere', name: 'Kingsmere', kind: 'town', district: 'AS4', sectors: [1, 2, 3, 4], lat: 52.586, lng: -1.57, radiusKm: 1.0, weight: 10,
    streets: ['High Street', 'The Square', 'Orchard Road', 'Church Walk', 'Meadow Lane', 'Albert Road', 'Station Road', 'Mill Lane', 'Mere Road', 'King Street', 'Brook Street', 'Abbey Road', 'Lime Avenue', 'Poplar Road'],
  },
  {
    key: 'fernlea', name: 'Fernlea', kind: 'estate', district: 'AS5', sectors: [1, 2], lat: 52.58, lng: -1.548, radiusKm: 0.6, weight: 5,
    streets: ['Fernlea Road', 'Bracken Way', 'Heather Close', 'Foxglove Drive', 'Bluebell Road', 'Primrose Walk', 'Thistle Grove', 'Clover Court'],
  },
  {
    key: 'millbridge', name: 'Millbridge', kind: 'town', district: 'AS6', sectors: [1, 2, 3], lat: 52.522, lng: -1.447, radiusKm: 0.9, weight: 8,
    streets: ['High Street', 'Bridge Street', 'School Lane', 'Church Lane', 'Canal Street', 'Wharf Road', 'Station Road', 'Mill Race', 'Lock Lane', 'Tow Path Close', 'Nelson Street', 'Trinity Road'],
  },
  {
    key: 'oakhurst', name: 'Oakhurst', kind: 'village', district: 'AS7', sectors: [1, 2], lat: 52.531, lng: -1.583, radiusKm: 0.45, weight: 2.5,
    streets: ['The Green', 'Church Road', 'Oak Lane', 'Manor Road', 'Forge Lane', 'Back Lane'],
  },
  {
    key: 'little-oakhurst', name: 'Little Oakhurst', kind: 'village', district: 'AS7', sectors: [3], lat: 52.516, lng: -1.601, radiusKm: 0.3, weight: 1,
    streets: ['Main Street', 'Pound Lane', 'Glebe Close', 'Orchard End'],
  },
  {
    key: 'harrowby-green', name: 'Harrowby Green', kind: 'village', district: 'AS8', sectors: [1, 2], lat: 52.596, lng: -1.446, radiusKm: 0.45, weight: 2,
    streets: ['Green Lane', 'Harrowby Road', 'Spring Lane', 'Millfield', 'Top Road', 'Paddock Close'],
  },
  {
    key: 'coldharbour', name: 'Coldharbour', kind: 'village', district: 'AS8', sectors: [5], lat: 52.601, lng: -1.515, radiusKm: 0.35, weight: 1,
    streets: ['Chapel Row', 'Coldharbour Lane', 'Windmill Hill', 'Well Lane'],
  },
  {
    key: 'netherby', name: 'Netherby', kind: 'village', district: 'AS9', sectors: [1, 2], lat: 52.509, lng: -1.52, radiusKm: 0.45, weight: 2,
    streets: ['Station Road', 'Netherby Lane', 'Mill Close', 'The Crescent', 'Vicarage Road', 'Ford Lane'],
  },
  {
    key: 'wyvern-vale', name: 'Wyvern Vale', kind: 'estate', district: 'AS10', sectors: [1, 2], lat: 52.549, lng: -1.468, radiusKm: 0.6, weight: 4,
    streets: ['Wyvern Way', 'Dragon Close', 'Griffin Road', 'Pegasus Drive', 'Phoenix Place', 'Unicorn Avenue', 'Vale Road'],
  },
];

export const placeByKey = (key: string): Place => {
  const place = PLACES.find((p) => p.key === key);
  if (!place) throw new Error(`Unknown demo place "${key}"`);
  return place;
};


export function insideDemoArea(lat: number, lng: number): boolean {
  return lat >= DEMO_BOUNDS.south && lat <= DEMO_BOUNDS.north && lng >= DEMO_BOUNDS.west && lng <= DEMO_BOUNDS.east;
}
