/**
 * The scopes a council admin can give a partner system on the admin pages. Each block that
 * offers partner APIs adds its own here, with a message `identity.partners.scope.<scope>`
 * (dots as written) in the partners catalogue. The token endpoint itself accepts any scope a
 * client was registered with.
 */
export const KNOWN_PARTNER_SCOPES: string[] = ['partner.read', 'vault.read', 'vault.write'];
