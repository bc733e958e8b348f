/** Names for the named contacts of demo services: a mix as varied as a Midlands borough's. */
const FIRST = [
  'Sarah', 'James', 'Aisha', 'Tom', 'Priya', 'Mark', 'Joanne', 'Imran', 'Claire', 'Daniel', 'Agnieszka', 'Gurpreet', 'Helen', 'Kwame',
  'Rachel', 'Andrew', 'Fatima', 'Lee', 'Bethan', 'Marcus', 'Nadia', 'Paul', 'Siobhan', 'Ravi', 'Emma', 'Chidi', 'Lucy', 'Tariq',
  'Karen', 'Dominic', 'Hannah', 'Mohammed', 'Zofia', 'Gareth', 'Leanne', 'Harjit', 'Olivia', 'Stuart', 'Amina', 'Ioana',
];
const LAST = [
  'Patel', 'Smith', 'Khan', 'Jones', 'Williams', 'Kaur', 'Brown', 'Taylor', 'Hussain', 'Evans', 'Kowalski', 'Begum', 'Wright',
  'Okafor', 'Walker', 'Singh', 'Thompson', 'Ali', 'Hughes', 'Mensah', 'Green', 'Ahmed', 'Clarke', 'Nowak', 'Robinson', 'Shah',
  'Edwards', 'Popescu', 'Hall', 'Mahmood', 'Turner', 'Baker', 'Campbell', 'Mistry', 'Davies',
];

export function personName(h: number): string {
  return `${FIRST[h % FIRST.length]} ${LAST[(h >>> 8) % LAST.length]}`;
}

export const DEFAULT_TITLES: Record<string, readonly string[]> = {
  council: ['Service Manager', 'Team Manager', 'Service Lead', 'Senior Officer'],
  nhs: ['Service Manager', 'Clinical Lead', 'Team Leader'],
  charity: ['Project Coordinator', 'Service Manager', 'Volunteer Coordinator', 'Project Worker'],
  community: ['Group Organiser', 'Volunteer Coordinator', 'Chair'],
  faith: ['Project Coordinator', 'Community Worker', 'Volunteer Coordinator'],
  'social-enterprise': ['Project Manager', 'Coordinator', 'Director'],
  housing: ['Team Leader', 'Support Officer'],
};
