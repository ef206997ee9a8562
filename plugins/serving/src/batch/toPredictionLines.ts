import type { InferenceResponse } from '@mlops/plugin-api';
import { unflatten } from '../tensors/nestedShape.js';

/**
 * One JSON line per row of `response`, whose first row has index `first`:
 * `{"row": 12, "probability": [0.73]}`, each output's row nested as its trailing dimensions.
 */
export function toPredictionLines(response: InferenceResponse, first: number, rows: number): string[] {
  const lines: Record<string, unknown>[] = [];
  for (let i = 0; i < rows; i++) lines.push({ row: first + i });
  for (const output of response.outputs) {
    const rest = output.shape.slice(1);
    const size = rest.reduce((a, b) => a * b, 1);
    for (let i = 0; i < rows; i++) {
      lines[i]![output.name] = unflatten(output.data.slice(i * size, (i + 1) * size), rest);
    }
  }
  return lines.map((line) => `${JSON.stringify(line)}\n`);
}
