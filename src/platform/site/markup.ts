/**
 * The tiny markup council staff write the site pages' texts in. What is stored is text, never
 * HTML: it is escaped and turned into GOV.UK paragraphs, headings, bulleted lists and links
 * here, so nothing from the database can put its own HTML (or script) on a page.
 *
 *   ## A heading              (### for a smaller one)
 *   - an item of a list       (or "* ")
 *   [the words](https://…)    a link: https, http, mailto:, tel: or a path on this site
 *
 * Blocks are separated by a blank line; the lines of a paragraph are joined.
 */

export type MarkupBlock =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] };

const HEADING = /^(#{2,3})\s+(.+)$/;
const ITEM = /^[-*]\s+(.+)$/;

/** The blocks of a text, in order. */
export function parseMarkup(source: string): MarkupBlock[] {
  const blocks: MarkupBlock[] = [];
  let paragraph: string[] = [];
  let list: string[] | undefined;
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  const endList = () => {
    if (list?.length) blocks.push({ kind: 'list', items: list });
    list = undefined;
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const heading = HEADING.exec(line);
    const item = ITEM.exec(line);
    if (!line) {
      endParagraph();
      endList();
    } else if (heading) {
      endParagraph();
      endList();
      blocks.push({ kind: 'heading', level: heading[1].length === 2 ? 2 : 3, text: heading[2].trim() });
    } else if (item) {
      endParagraph();
      (list ??= []).push(item[1].trim());
    } else if (list) {
      // A line under an item continues it.
      list[list.length - 1] += ` ${line}`;
    } else {
      paragraph.push(line);
    }
  }
  endParagraph();
  endList();
  return blocks;
}

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where a link may go: the web, an email address, a phone number, or a path on this site. */
export function safeHref(url: string): string | undefined {
  const u = url.trim();
  if (/^\/(?![/\\])[^\s]*$/.test(u)) return u;
  if (/^(mailto:[^\s@]+@[^\s@]+|tel:\+?[0-9 ()-]{3,30})$/i.test(u)) return u;
  try {
    const parsed = new URL(u);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !/\s/.test(u) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;

/** One line of text, escaped, with its [links](…) made links (a link to anywhere else stays text). */
export function renderInline(text: string): string {
  let html = '';
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    html += escapeHtml(text.slice(last, m.index));
    const href = safeHref(m[2]);
    html += href ? `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(m[1])}</a>` : escapeHtml(m[0]);
    last = m.index + m[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

/** The text as GOV.UK-styled HTML, safe to put on a page as it is. */
export function renderMarkup(source: string): string {
  return parseMarkup(source)
    .map((block) => {
      if (block.kind === 'heading') return block.level === 2 ? `<h2 class="govuk-heading-m">${renderInline(block.text)}</h2>` : `<h3 class="govuk-heading-s">${renderInline(block.text)}</h3>`;
      if (block.kind === 'list') return `<ul class="govuk-list govuk-list--bullet">${block.items.map((i) => `<li>${renderInline(i)}</li>`).join('')}</ul>`;
      return `<p class="govuk-body">${renderInline(block.text)}</p>`;
    })
    .join('\n');
}
