// Progressive enhancement only: every page works without this file.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
import('/static/govuk-frontend.min.js').then(({ initAll }) => initAll()).catch(() => {});
