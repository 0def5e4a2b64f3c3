/** Types of wall-layout-probe.js, the page-side measurements of the wall's layout browser test. */
/** Everything measured on the page about whether the wall fits its screen. */
export interface LayoutReport {
  pageScrolls: boolean;
  scrollers: string[];
  clippedRows: string[];
  wrappedRows: string[];
  smallText: string[];
  minFontPx: number;
  headerHeightInFonts: number;
  shownRows: number;
  /** Texts cut short (an ellipsis or a clip), but for the free text the probe lets be cut. */
  cutTexts: string[];
  /** The unit-status key's entries, in order. */
  unitKey: UnitStatusLook[];
  /** Each status the units board shows now, once. */
  unitStatusesShown: UnitStatusLook[];
  moreLines: number;
}

/** A unit status as drawn: its mark and its colour (CSS rgb()). */
export interface UnitStatusLook {
  status: string;
  mark: string;
  color: string;
}

export function measureWallLayout(share: number): LayoutReport;

export function criticalFlashState(id: string): {
  text: string;
  entryFlashes: boolean;
  rowFlashes: boolean | null;
};
