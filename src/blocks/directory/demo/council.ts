import type { NewCouncil } from '../../../platform/councils.js';

/**
 * The demo councils. Both are fictional: Ashdown is the borough the demo directory
 * describes (see area.ts); Brackenford is a second, empty council for multi-council demos.
 * Phone numbers are in Ofcom's drama range; `.example` domains are reserved; `*.localhost`
 * host names reach the local machine in browsers without any DNS set-up.
 */
export const demoCouncil = {
  slug: 'ashdown',
  name: 'Ashdown Borough Council',
  hosts: ['ashdown.localhost'],
  // Dark green: 7:1 contrast with white text, so it passes WCAG AA as a header or button colour.
  colourPrimary: '#00634a',
  contactEmail: 'customer.services@ashdown.gov.example',
  contactPhone: '01632 960000',
  contactUrl: 'https://www.ashdown.gov.example/contact-us',
  address: 'Ashdown Civic Centre, Market Square, Ashdown, Ardenshire AS1 1AA',
  centreLat: 52.554,
  centreLng: -1.51,
} satisfies NewCouncil;

export const secondDemoCouncil = {
  slug: 'brackenford',
  name: 'Brackenford District Council',
  hosts: ['brackenford.localhost'],
  // Deep purple: 10:1 contrast with white.
  colourPrimary: '#5a2a82',
  contactEmail: 'contact@brackenford.gov.example',
  contactPhone: '01632 960900',
  contactUrl: 'https://www.brackenford.gov.example/contact',
  address: 'Brackenford House, 1 Abbey Street, Brackenford, Ardenshire AS21 4QT',
  centreLat: 52.66,
  centreLng: -1.33,
} satisfies NewCouncil;
