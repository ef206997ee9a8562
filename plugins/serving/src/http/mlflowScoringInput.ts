import {
  type InferenceRequest,
  type InferenceTensor,
  InvalidArgumentError,
  type TensorSpec,
} from '@mlops/plugin-api';
import { nestedShape } from '../tensors/nestedShape.js';

const formats = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

/** A table of rows, as MLflow's pandas-oriented formats carry one. */
interface Frame {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

function invalid(message: string, field: string): InvalidArgumentError {
  return new InvalidArgumentError(message, { field });
}

/** A tensor of `spec` from a list of per-row values, each a scalar or a nested list. */
function stack(spec: TensorSpec, cells: readonly unknown[], field: string): InferenceTensor {
  const shape = nestedShape(cells as unknown[], field);
  // A one-column frame feeding a [batch, 1] input arrives as scalars: give each row its axis.
  const fitted = shape.length === 1 && spec.shape.length === 2 ? [shape[0]!, 1] : shape;
  return {
    name: spec.name,
    datatype: spec.datatype,
    shape: fitted,
    data: (cells as unknown[]).flat(Number.POSITIVE_INFINITY) as InferenceTensor['data'],
  };
}

function frameToTensors(frame: Frame, inputs: readonly TensorSpec[], field: string): InferenceTensor[] {
  const byColumn = inputs.every((spec) => frame.columns.includes(spec.name));
  if (!byColumn) {
    if (inputs.length !== 1) {
      const missing = inputs.find((spec) => !frame.columns.includes(spec.name))!;
      throw invalid(
        `input "${missing.name}" is missing: the model has several inputs, so each needs a column of its name`,
        `inputs/${missing.name}`,
      );
    }
    // One input: every column of a row together is that row of the tensor, as MLflow feeds it.
    return [stack(inputs[0]!, frame.rows, field)];
  }
  return inputs.map((spec) => {
    const column = frame.columns.indexOf(spec.name);
    return stack(
      spec,
      frame.rows.map((row) => row[column]),
      `inputs/${spec.name}`,
    );
  });
}

function recordsToFrame(records: unknown, field: string): Frame {
  if (
    !Array.isArray(records) ||
    records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))
  ) {
    throw invalid(`${field} must be a list of objects, one per row`, field);
  }
  const columns = [...new Set(records.flatMap((r) => Object.keys(r as object)))];
  return {
    columns,
    rows: records.map((r) => columns.map((c) => (r as Record<string, unknown>)[c])),
  };
}

function splitToFrame(split: unknown): Frame {
  const { columns, data } = (split ?? {}) as { columns?: unknown; data?: unknown };
  if (!Array.isArray(data) || data.some((row) => !Array.isArray(row))) {
    throw invalid('dataframe_split.data must be a list of rows, each a list', 'dataframe_split/data');
  }
  const width = (data[0] as unknown[] | undefined)?.length ?? 0;
  if (columns !== undefined && (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string'))) {
    throw invalid('dataframe_split.columns must be a list of strings', 'dataframe_split/columns');
  }
  return {
    columns: (columns as string[] | undefined) ?? Array.from({ length: width }, (_, i) => String(i)),
    rows: data as unknown[][],
  };
}

/**
 * An MLflow scoring request body (`dataframe_split`, `dataframe_records`, `instances` or
 * `inputs`, as MLflow's `/invocations` takes them) as tensors for the model's inputs: with one
 * input, a row's columns together make that row of the tensor; with several, each input takes the
 * column (or key) of its name.
 * @throws InvalidArgumentError naming the field, or the input for a missing one.
 */
export function mlflowScoringInput(body: unknown, inputs: readonly TensorSpec[]): InferenceRequest {
  const given = formats.filter((f) => typeof body === 'object' && body !== null && f in body);
  if (given.length !== 1) {
    throw invalid(
      `the body must have exactly one of ${formats.join(', ')}${given.length > 1 ? ` (it has ${given.join(', ')})` : ''}`,
      'body',
    );
  }
  const format = given[0]!;
  const value = (body as Record<string, unknown>)[format];
  if (format === 'dataframe_split') return { inputs: frameToTensors(splitToFrame(value), inputs, format) };
  if (format === 'dataframe_records')
    return { inputs: frameToTensors(recordsToFrame(value, format), inputs, format) };
  if (format === 'instances') {
    if (!Array.isArray(value)) throw invalid('instances must be a list', format);
    const keyed =
      value.length > 0 && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
    if (keyed) return { inputs: frameToTensors(recordsToFrame(value, format), inputs, format) };
    if (inputs.length !== 1) {
      throw invalid('instances must be objects keyed by input name, as the model has several inputs', format);
    }
    return { inputs: [stack(inputs[0]!, value, format)] };
  }
  if (Array.isArray(value)) {
    if (inputs.length !== 1)
      throw invalid('inputs must be an object keyed by input name, as the model has several inputs', format);
    return { inputs: [stack(inputs[0]!, value, format)] };
  }
  if (typeof value !== 'object' || value === null)
    throw invalid('inputs must be a list or an object', format);
  return {
    inputs: Object.entries(value).map(([name, cells]) => {
      const spec = inputs.find((s) => s.name === name);
      if (spec === undefined) {
        throw invalid(
          `input "${name}" is not an input of the model (its inputs: ${inputs.map((s) => s.name).join(', ')})`,
          `inputs/${name}`,
        );
      }
      if (!Array.isArray(cells)) throw invalid(`input "${name}" must be a list`, `inputs/${name}`);
      return stack(spec, cells, `inputs/${name}`);
    }),
  };
}
