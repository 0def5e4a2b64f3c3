/**
 * Runs in the page (page.evaluate), so it is plain browser JavaScript: the repository's TypeScript program
 * has no DOM types for the tests. Its signatures are in wall-layout-probe.d.ts.
 */

/** Everything measured about whether the wall fits its screen (see LayoutReport in the .d.ts). */
export function measureWallLayout(share) {
  /**
   * Texts that may be cut with an ellipsis: free text of any length from the feeds, which no layout can promise
   * to show whole in a fixed row (the whole text is in the row's tooltip and on the incident's page). Every
   * other text on the wall — headings, department names, unit names and statuses, keys, figures — must fit.
   * - an incident's title, in the urgent list, the units board and the ticker;
   * - the tail of an urgent row's second line: its district and the departments helping (any number of them),
   *   after the department and the state, which are never cut.
   */
  // NOTE: inside the function: page.evaluate sends the function's text alone, without this module.
  const MAY_BE_CUT = '.wall-incident__title, .wall-incident__where, .unit-row__incident, .ticker__title';
  const describe = (el) =>
    `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
  const wall = document.querySelector('[data-testid=wall]');
  if (!wall) throw new Error('no wall on the page');
  const root = document.documentElement;
  const pageScrolls = root.scrollHeight > innerHeight + 1 || root.scrollWidth > innerWidth + 1;
  const scrollers = [];
  for (const el of wall.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    const scrollable = /(auto|scroll)/.test(style.overflowY + style.overflowX);
    if (scrollable && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
      scrollers.push(describe(el));
  }
  // Every row shown lies wholly inside its list's box, and its content fits the row (no wrapped line).
  const clippedRows = [];
  const wrappedRows = [];
  let shownRows = 0;
  for (const list of wall.querySelectorAll('.fit-list')) {
    const box = list.getBoundingClientRect();
    for (const row of list.querySelectorAll('.fit-list__rows > .fit-list__row')) {
      shownRows += 1;
      const r = row.getBoundingClientRect();
      if (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) clippedRows.push(describe(row));
      if (row.scrollHeight > row.clientHeight + 1) wrappedRows.push(describe(row));
    }
    const more = list.querySelector('[data-testid=fit-list-more]');
    if (more) {
      const r = more.getBoundingClientRect();
      if (r.bottom > box.bottom + 0.5) clippedRows.push(describe(more));
    }
  }
  const kpi = wall.querySelector('.kpi')?.getBoundingClientRect();
  if (kpi)
    for (const row of wall.querySelectorAll('.kpi tr')) {
      const r = row.getBoundingClientRect();
      if (r.bottom > kpi.bottom + 0.5) clippedRows.push(describe(row));
    }
  // Ticker entries are shown whole (on its line) or not at all (wrapped onto the hidden line below).
  const ticker = wall.querySelector('.ticker__entries')?.getBoundingClientRect();
  if (ticker)
    for (const entry of wall.querySelectorAll('.ticker__entry')) {
      const r = entry.getBoundingClientRect();
      const inside = r.top >= ticker.top - 0.5 && r.bottom <= ticker.bottom + 0.5;
      const outside = r.top >= ticker.bottom - 0.5;
      if (!inside && !outside) clippedRows.push(describe(entry));
    }
  const smallText = [];
  let minFontPx = Number.POSITIVE_INFINITY;
  for (const el of wall.querySelectorAll('*')) {
    if (el.closest('.fit-list__probe, .visually-hidden')) continue;
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
    if (!ownText) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    const size = Number.parseFloat(getComputedStyle(el).fontSize);
    minFontPx = Math.min(minFontPx, size);
    if (size < share * innerHeight) smallText.push(`${describe(el)} ${size}px`);
  }
  // Cut text: a box that hides what overflows it (an ellipsis or a plain clip) and has more than it shows.
  const cutTexts = [];
  for (const el of wall.querySelectorAll('*')) {
    if (el.closest('.fit-list__probe, .visually-hidden') || el.matches(MAY_BE_CUT)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.overflowX === 'visible') continue;
    // A ticker entry that did not fit is on the hidden second line: not shown, so not cut.
    const entry = el.closest('.ticker__entry');
    if (ticker && entry && entry.getBoundingClientRect().top >= ticker.bottom - 0.5) continue;
    if (el.scrollWidth > el.clientWidth + 1)
      cutTexts.push(`${describe(el)} ${el.scrollWidth}>${el.clientWidth}`);
  }
  // The unit-status key, and every status the units board shows now (its rows and its per-department
  // counts), each with the mark and colour it is drawn in, so the test can hold the key to the board.
  const statusLook = (el, status) => ({
    status,
    mark: el.querySelector('[aria-hidden=true]')?.textContent ?? '',
    color: getComputedStyle(el).color,
  });
  const unitKey = [...wall.querySelectorAll('[data-testid=unit-status-key] [data-status]')].map((el) =>
    statusLook(el, el.dataset.status),
  );
  const unitStatusesShown = [];
  for (const el of wall.querySelectorAll('.units-board .unit-status')) {
    const status = [...el.classList]
      .find((c) => c.startsWith('unit-status--'))
      ?.slice('unit-status--'.length);
    if (status && !unitStatusesShown.some((s) => s.status === status))
      unitStatusesShown.push(statusLook(el, status));
  }
  const header = wall.querySelector('.wall-header');
  const base = Number.parseFloat(getComputedStyle(wall).fontSize);
  return {
    pageScrolls,
    scrollers,
    clippedRows,
    wrappedRows,
    smallText,
    minFontPx,
    headerHeightInFonts: header.getBoundingClientRect().height / base,
    shownRows,
    cutTexts,
    unitKey,
    unitStatusesShown,
    moreLines: wall.querySelectorAll('[data-testid=fit-list-more]').length,
  };
}

/** The critical test incident's ticker entry and list row, read at one instant. */
export function criticalFlashState(id) {
  const row = document.querySelector(`[data-testid=incident-row][data-incident-id="${id}"]`);
  const tickerEntry = [...document.querySelectorAll('[data-testid=ticker-entry][data-critical=true]')].find(
    (e) => e.textContent?.includes('Warehouse fire, wall test'),
  );
  return {
    text: tickerEntry?.textContent ?? '',
    entryFlashes: tickerEntry?.classList.contains('wall-flash') ?? false,
    rowFlashes: row?.classList.contains('wall-flash') ?? null,
  };
}
