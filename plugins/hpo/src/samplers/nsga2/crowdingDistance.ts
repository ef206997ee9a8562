/**
 * NSGA-II crowding distance of each point of one front: the sum over objectives of the normalised
 * gap between its neighbours; the extremes of each objective get Infinity.
 */
export function crowdingDistance(losses: readonly (readonly number[])[]): Float64Array {
  const n = losses.length;
  const distance = new Float64Array(n);
  if (n === 0) return distance;
  const m = losses[0]!.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < m; k++) {
    order.sort((a, b) => losses[a]![k]! - losses[b]![k]! || a - b);
    const min = losses[order[0]!]![k]!;
    const max = losses[order[n - 1]!]![k]!;
    distance[order[0]!] = Number.POSITIVE_INFINITY;
    distance[order[n - 1]!] = Number.POSITIVE_INFINITY;
    if (max === min) continue;
    for (let i = 1; i < n - 1; i++) {
      distance[order[i]!]! += (losses[order[i + 1]!]![k]! - losses[order[i - 1]!]![k]!) / (max - min);
    }
  }
  return distance;
}
