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
  moreLines: number;
}

export function measureWallLayout(share: number): LayoutReport;

export function criticalFlashState(id: string): {
  text: string;
  entryFlashes: boolean;
  rowFlashes: boolean | null;
};
