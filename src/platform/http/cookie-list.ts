/**
 * Every cookie Hearth sets is declared, so the council's cookies page lists them all and a
 * test can check that nothing sets an undeclared one. The platform declares its own here;
 * each block declares its cookies in `Block.cookies`.
 */
export interface CookieDeclaration {
  /** The name as set outside production (production may add the `__Host-` prefix). */
  name: string;
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
  { name: 'hearth_csrf', purposeKey: 'cookies.hearth_csrf.purpose', expiryKey: 'cookies.hearth_csrf.expiry', essential: true },
];
