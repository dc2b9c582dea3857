// Which edges cross a window of rows, found without walking every row: each edge is filed
// under every bucket of BUCKET rows it spans, so a window reads only its few buckets.
import type { Edge, Layout } from "../backend";

const BUCKET = 64;

export type PlacedEdge = { row: number; lane: number; edge: Edge; key: string };

export class EdgeIndex {
  private buckets: PlacedEdge[][] = [];

  constructor(layout: Layout) {
    layout.rows.forEach((row, r) => {
      row.edges.forEach((edge, k) => {
        const placed: PlacedEdge = { row: r, lane: row.lane, edge, key: `${r}:${k}` };
        const last = Math.floor(edge.to_row / BUCKET);
        for (let b = Math.floor(r / BUCKET); b <= last; b++) {
          (this.buckets[b] ??= []).push(placed);
        }
      });
    });
  }

  /** Edges with any part between rows `first` and `last` (inclusive). */
  crossing(first: number, last: number): PlacedEdge[] {
    const seen = new Set<string>();
    const found: PlacedEdge[] = [];
    for (let b = Math.floor(first / BUCKET); b <= Math.floor(last / BUCKET); b++) {
      for (const placed of this.buckets[b] ?? []) {
        if (placed.row > last || placed.edge.to_row < first || seen.has(placed.key)) continue;
        seen.add(placed.key);
        found.push(placed);
      }
    }
    return found;
  }
}
