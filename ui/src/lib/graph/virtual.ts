// What the virtualized lists (the graph and the matrix) share: which rows to put in the DOM,
// where to scroll so the selection shows, where a key moves the selection, and which row a
// click landed on. Fixed-height rows (ROW_HEIGHT).
import { ROW_HEIGHT } from "./geometry";

/** Rows drawn beyond the visible ones, so a fast scroll shows no gap. */
export const OVERSCAN = 8;

/** The rows to render (inclusive) for a viewport scrolled to `scrollTop` showing `height` px. */
export function rowWindow(scrollTop: number, height: number, count: number): { first: number; last: number } {
  return {
    first: Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN),
    last: Math.min(count - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN),
  };
}

/** The scroll position that shows row `at` in a view of `view` px, or null when it shows already. */
export function scrollToShow(scrollTop: number, view: number, at: number): number | null {
  const top = at * ROW_HEIGHT;
  if (top < scrollTop) return top;
  if (top + ROW_HEIGHT > scrollTop + view) return top + ROW_HEIGHT - view;
  return null;
}

/** Where Up/Down, Page Up/Down, Home and End move the selection from `at` (-1: none), within
 *  `count` rows and pages of `view` px; undefined for other keys or an empty list. */
export function keyTarget(key: string, at: number, count: number, view: number): number | undefined {
  if (count === 0) return undefined;
  const page = Math.max(1, Math.floor(view / ROW_HEIGHT) - 1);
  const moves: Record<string, number> = {
    ArrowDown: at + 1,
    ArrowUp: at - 1,
    PageDown: at + page,
    PageUp: at - page,
    Home: 0,
    End: count - 1,
  };
  const target = moves[key];
  return target === undefined ? undefined : Math.max(0, Math.min(count - 1, target));
}

/** The row (`data-row`) a click landed in, or null. */
export function rowOfClick(event: MouseEvent): number | null {
  const element = (event.target as Element).closest<HTMLElement>("[data-row]");
  const row = element ? Number(element.dataset.row) : NaN;
  return Number.isNaN(row) ? null : row;
}
