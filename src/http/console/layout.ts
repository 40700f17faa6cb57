import { html, type Html } from './html.js';
import type { ConsoleTexts } from './texts.js';

export const PAGES = ['dashboard', 'events', 'announce', 'questions', 'handoffs', 'knowledge', 'groups', 'report', 'audit'] as const;
export type Page = (typeof PAGES)[number];

export function pagePath(page: Page): string {
  return page === 'dashboard' ? '/console/' : `/console/${page}`;
}

/** The page shell: header with navigation and logout (a POST with its CSRF token), then the sections. */
export function layout(
  view: { t: ConsoleTexts; locale: string },
  page: Page | undefined,
  body: Html,
  session?: { admin: string; csrf: string },
): Html {
  const { t } = view;
  return html`<!doctype html>
    <html lang="${view.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${page ? `${t.nav[page]} · ` : ''}${t.title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/console/assets/console.css" />
      </head>
      <body>
        <header>
          <h1>${t.title}</h1>
          ${
            session
              ? html`<nav>${PAGES.map((p) => html`<a href="${pagePath(p)}" class="${p === page ? 'on' : ''}">${t.nav[p]}</a>`)}</nav>
                  <form method="post" action="/console/logout">
                    <input type="hidden" name="_csrf" value="${session.csrf}" /><span class="muted">${t.signedInAs} ${session.admin}</span>
                    <button type="submit">${t.logout}</button>
                  </form>`
              : ''
          }
        </header>
        <main>${body}</main>
        <script src="/console/assets/console.js"></script>
      </body>
    </html>`;
}

/** A section with a heading. */
export function section(title: string, body: Html | Html[]): Html {
  return html`<section>
    <h2>${title}</h2>
    ${body}
  </section>`;
}

/** A table; cells are escaped unless they are Html. */
export function table(head: string[], rows: (string | number | Html)[][]): Html {
  return html`<table>
    <thead>
      <tr>
        ${head.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            ${r.map((c) => html`<td>${c}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}
