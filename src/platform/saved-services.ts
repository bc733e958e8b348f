/**
 * The services a signed-in person saved ("my list"), kept by whichever block offers a store
 * (`Block.savedServices`; the vault does, in the resident's record). The directory saves through
 * this when a person is signed in and a store exists, and in a cookie otherwise: so the
 * directory works the same with the vault off, and never imports it. Ids only; the directory
 * owns the services.
 */
export interface SavedServices {
  /** The person's saved service ids, in the order saved. */
  list(councilId: string, personId: string): Promise<string[]>;
  /** Save these (after those already saved; one already saved stays), keeping at most `max` in all. */
  add(councilId: string, personId: string, serviceIds: string[], max: number): Promise<void>;
  remove(councilId: string, personId: string, serviceId: string): Promise<void>;
}
