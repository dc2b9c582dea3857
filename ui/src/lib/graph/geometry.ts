// Where rows, lanes and edges are drawn. Pure, so the drawing follows the engine's layout
// (src/graph/layout.rs) exactly: a parent edge leaves its row into `via_lane`, runs down it,
// and joins the parent's lane on the parent's row; a dependency edge goes straight.
import type { Edge } from "../backend";

export const ROW_HEIGHT = 28;
export const LANE_WIDTH = 16;
export const LANE_PAD = 10;
export const NODE_RADIUS = 5;

/** x of a lane's centre. */
export function laneX(lane: number): number {
  return LANE_PAD + lane * LANE_WIDTH;
}

/** y of a row's centre, counted from `firstRow` (the top of the drawn window). */
export function rowY(row: number, firstRow: number): number {
  return (row - firstRow) * ROW_HEIGHT + ROW_HEIGHT / 2;
}

export function laneColumnWidth(lanes: number): number {
  return LANE_PAD * 2 + Math.max(0, lanes - 1) * LANE_WIDTH;
}

/** The SVG path of an edge leaving `row` (in `lane`), with y measured from `firstRow`. */
export function edgePath(row: number, lane: number, edge: Edge, firstRow: number): string {
  const x0 = laneX(lane);
  const y0 = rowY(row, firstRow);
  const x1 = laneX(edge.to_lane);
  const y1 = rowY(edge.to_row, firstRow);
  if (edge.kind === "depends_on") return `M${x0} ${y0} L${x1} ${y1}`;
  const xv = laneX(edge.via_lane);
  let d = `M${x0} ${y0}`;
  let y = y0;
  if (xv !== x0) {
    const end = Math.min(y0 + ROW_HEIGHT, y1);
    const mid = (y + end) / 2;
    d += ` C${x0} ${mid} ${xv} ${mid} ${xv} ${end}`;
    y = end;
  }
  if (xv !== x1) {
    const start = Math.max(y1 - ROW_HEIGHT, y);
    if (start > y) d += ` L${xv} ${start}`;
    const mid = (start + y1) / 2;
    d += ` C${xv} ${mid} ${x1} ${mid} ${x1} ${y1}`;
  } else if (y < y1) {
    d += ` L${x1} ${y1}`;
  }
  return d;
}
