// Progressive enhancement only: every page works without this file.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
// A <details data-hearth-open-wide> (the search filters) is closed for phones, open where there is room.
if (window.matchMedia('(min-width: 40.0625em)').matches) {
  for (const details of document.querySelectorAll('details[data-hearth-open-wide]')) details.open = true;
}
import('/static/govuk-frontend.min.js').then(({ initAll }) => initAll()).catch(() => {});
