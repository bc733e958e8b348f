import { securityCookieName } from './cookies.js';

/**
 * Every cookie Hearth sets is declared, so the council's cookies page lists them all and a
 * test can check that nothing sets an undeclared one. The platform declares its own here;
 * each block declares its cookies in `Block.cookies`.
 */
export interface CookieDeclaration {
  /** The name as set outside production; `{council}` stands for the council's slug. */
  name: string;
  /**
   * A security cookie (session, CSRF secret, pending sign-in): named `__Host-{name}` in
   * production (see http/cookies.ts), so the cookies page shows that name there.
   */
  hostPrefix?: true;
  /** Message key of what it is for, in the platform's or the block's catalogue. */
  purposeKey: string;
  /** Message key of how long it lasts. */
  expiryKey: string;
  /** Needed for the service to work (no consent asked), as every Hearth cookie is. */
  essential: true;
}

/** The platform's own cookies. */
export const PLATFORM_COOKIES: CookieDeclaration[] = [
  { name: 'hearth_lang', purposeKey: 'cookies.hearth_lang.purpose', expiryKey: 'cookies.hearth_lang.expiry', essential: true },
  { name: 'hearth_csrf', hostPrefix: true, purposeKey: 'cookies.hearth_csrf.purpose', expiryKey: 'cookies.hearth_csrf.expiry', essential: true },
];

/** A declared cookie's name as a council's browsers see it. */
export function declaredCookieName(declaration: CookieDeclaration, council: { slug: string }, production: boolean): string {
  const name = declaration.name.replace('{council}', council.slug);
  return declaration.hostPrefix ? securityCookieName(name, production) : name;
}
