/** How identity's inputs must look, shared by its pages, its services and the command line. */

/** An email address is one that has a canonical form (email.ts says which, and why). */
export { EMAIL, MAX_EMAIL, canonicalEmail } from './email.js';
export { UUID } from '../../platform/uuid.js';
