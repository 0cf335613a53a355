// Narrows the catalog as you type. Every row carries its own lower-case search text (family,
// department, level, id, grade, label); a row shows when it contains every word typed. A group (a
// family, the open positions) hides when none of its rows is left. Without this script nothing is
// hidden and the filter box stays out of the way.
(() => {
  const form = document.getElementById('filter-form');
  const input = document.getElementById('filter');
  const status = document.getElementById('filter-status');
  const noMatch = document.getElementById('no-match');
  if (!form || !input || !status || !noMatch) return;
  const groups = [...document.querySelectorAll('[data-group]')];
  const levelRows = [...document.querySelectorAll('tr[data-search]')];
  form.hidden = false;
  form.addEventListener('submit', (event) => event.preventDefault());
  const apply = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const row of document.querySelectorAll('[data-search]')) {
      row.hidden = !words.every((word) => row.dataset.search.includes(word));
    }
    for (const group of groups) group.hidden = !group.querySelector('[data-search]:not([hidden])') && words.length > 0;
    const shown = levelRows.filter((row) => !row.hidden).length;
    status.textContent = words.length === 0 ? `${levelRows.length} levels and specialties` : `${shown} of ${levelRows.length} levels and specialties match`;
    noMatch.hidden = shown > 0;
  };
  input.addEventListener('input', apply);
  apply();
})();
