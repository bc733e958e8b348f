import type { FastifyRequest } from 'fastify';

/**
 * A panel any block may add to the signed-in resident's single view (`/my-hearth`, the vault's
 * overview): the directory adds the services they saved; a requests block would add all their
 * requests across every team. `Block.residentPanels`, gathered by `main.ts` into
 * `PlatformContext.residentPanels`. The page shows a panel only when it has something to show.
 */
export interface ResidentPanel {
  /** Stable key (the panel's id on the page). */
  key: string;
  /** What the panel shows this person now, in the request's language; undefined to leave it out. */
  content(request: FastifyRequest, personId: string): Promise<ResidentPanelContent | undefined>;
}

export interface ResidentPanelContent {
  heading: string;
  /** Up to a handful of lines; each may link, and carry a short status shown as a tag. */
  items: Array<{ text: string; href?: string; detail?: string; status?: string }>;
  /** A link to the block's own page with all of it. */
  more?: { text: string; href: string };
}
