// Layout of a requisite neighbourhood: one column per distance from the
// centre (prerequisites on the left, what the course leads to on the right).
// A column with many courses wraps into sub-columns so that 30 or more
// neighbours stay readable, and nodes are ordered by the mean position of
// their neighbours nearer the centre to reduce edge crossings.

/** Node box width, in SVG units. */
export const NODE_WIDTH = 172;
/** Node box height. */
export const NODE_HEIGHT = 46;
/** Most nodes stacked in one sub-column before it wraps. */
const MAX_ROWS = 8;
const ROW_GAP = 14;
const SUB_COLUMN_GAP = 22;
const COLUMN_GAP = 96;
const MARGIN = 24;
const HEADER = 30;

/** Groups the nodes by distance and orders each column to follow the one nearer the centre. */
function orderColumns(nodes, edges) {
  const columns = new Map();
  for (const node of nodes) {
    if (!columns.has(node.distance)) columns.set(node.distance, []);
    columns.get(node.distance).push(node);
  }
  const neighbours = new Map(nodes.map((node) => [node.code, []]));
  for (const edge of edges) {
    neighbours.get(edge.from)?.push(edge.to);
    neighbours.get(edge.to)?.push(edge.from);
  }

  const rank = new Map();
  const distances = [...columns.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  for (const distance of distances) {
    const column = columns.get(distance);
    const mean = (node) => {
      const placed = neighbours.get(node.code).filter((code) => rank.has(code));
      return placed.length ? placed.reduce((sum, code) => sum + rank.get(code), 0) / placed.length : Infinity;
    };
    const keyed = column.map((node) => ({ node, key: mean(node) }));
    keyed.sort((a, b) => a.key - b.key || a.node.code.localeCompare(b.node.code));
    keyed.forEach(({ node }, index) => rank.set(node.code, index / Math.max(1, column.length - 1)));
    columns.set(distance, keyed.map(({ node }) => node));
  }
  return columns;
}

/**
 * Places every node. Returns `{width, height, positions: Map(code → {x, y}),
 * columns: [{distance, x, width}]}`; `x`/`y` is the top-left corner of a box.
 */
export function layoutGraph(nodes, edges) {
  const columns = orderColumns(nodes, edges);
  const distances = [...columns.keys()].sort((a, b) => a - b);
  const rowsUsed = Math.min(MAX_ROWS, Math.max(1, ...[...columns.values()].map((column) => column.length)));
  const columnHeight = rowsUsed * NODE_HEIGHT + (rowsUsed - 1) * ROW_GAP;

  const positions = new Map();
  const placedColumns = [];
  let x = MARGIN;
  for (const distance of distances) {
    const column = columns.get(distance);
    const subColumns = Math.ceil(column.length / MAX_ROWS);
    const rowsHere = Math.min(column.length, MAX_ROWS);
    const offset = (columnHeight - (rowsHere * NODE_HEIGHT + (rowsHere - 1) * ROW_GAP)) / 2;
    column.forEach((node, index) => {
      const sub = Math.floor(index / MAX_ROWS);
      const row = index % MAX_ROWS;
      positions.set(node.code, {
        x: x + sub * (NODE_WIDTH + SUB_COLUMN_GAP),
        y: MARGIN + HEADER + offset + row * (NODE_HEIGHT + ROW_GAP),
      });
    });
    const width = subColumns * NODE_WIDTH + (subColumns - 1) * SUB_COLUMN_GAP;
    placedColumns.push({ distance, x, width, count: column.length });
    x += width + COLUMN_GAP;
  }
  return {
    width: x - COLUMN_GAP + MARGIN,
    height: MARGIN * 2 + HEADER + columnHeight,
    positions,
    columns: placedColumns,
  };
}

/** SVG path data of a curve from the box at `from` to the box at `to`. */
export function edgePath(from, to) {
  const startX = from.x + NODE_WIDTH;
  const startY = from.y + NODE_HEIGHT / 2;
  const endX = to.x;
  const endY = to.y + NODE_HEIGHT / 2;
  if (endX > startX) {
    const bend = Math.max(30, (endX - startX) / 2);
    return `M${startX},${startY} C${startX + bend},${startY} ${endX - bend},${endY} ${endX},${endY}`;
  }
  // Same or earlier column: leave from the bottom and loop into the left side.
  const fromX = from.x + NODE_WIDTH / 2;
  const fromY = from.y + NODE_HEIGHT;
  return `M${fromX},${fromY} C${fromX},${fromY + 60} ${endX - 60},${endY} ${endX},${endY}`;
}

/** Words for a column's distance from the centre. */
export function columnLabel(distance) {
  if (distance === 0) return "This course";
  const steps = Math.abs(distance) === 1 ? "1 step" : `${Math.abs(distance)} steps`;
  return distance < 0 ? `Requires (${steps} back)` : `Leads to (${steps} on)`;
}
