/**
 * Runs in the page (page.evaluate), so it is plain browser JavaScript: the repository's TypeScript program
 * has no DOM types for the tests. Its signatures are in wall-layout-probe.d.ts.
 */

/** Everything measured about whether the wall fits its screen (see LayoutReport in the .d.ts). */
export function measureWallLayout(share) {
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
