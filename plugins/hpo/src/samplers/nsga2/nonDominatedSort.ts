import { dominates } from '../../study/dominates.js';

/**
 * Fast non-dominated sorting (Deb et al. 2002) of loss vectors (all minimised): the fronts, best
 * first, as indices into `losses`, each in ascending index order.
 */
export function nonDominatedSort(losses: readonly (readonly number[])[]): number[][] {
  const n = losses.length;
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(losses[i]!, losses[j]!)) {
        dominated[i]!.push(j);
        count[j]!++;
      } else if (dominates(losses[j]!, losses[i]!)) {
        dominated[j]!.push(i);
        count[i]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let front: number[] = [];
  for (let i = 0; i < n; i++) if (count[i] === 0) front.push(i);
  while (front.length > 0) {
    fronts.push(front);
    const next: number[] = [];
    for (const i of front) for (const j of dominated[i]!) if (--count[j]! === 0) next.push(j);
    next.sort((a, b) => a - b);
    front = next;
  }
  return fronts;
}
