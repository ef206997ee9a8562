import { type InferenceTensor, InvalidArgumentError, type TensorDatatype } from '@mlops/plugin-api';

/** `InferTensorContents` as proto-loader decodes and encodes it (keepCase, longs as numbers). */
export interface TensorContents {
  bool_contents?: boolean[];
  int_contents?: number[];
  int64_contents?: number[];
  uint_contents?: number[];
  uint64_contents?: number[];
  fp32_contents?: number[];
  fp64_contents?: number[];
  bytes_contents?: Buffer[];
}

const fieldOf: Record<TensorDatatype, keyof TensorContents | undefined> = {
  BOOL: 'bool_contents',
  INT8: 'int_contents',
  INT16: 'int_contents',
  INT32: 'int_contents',
  INT64: 'int64_contents',
  UINT8: 'uint_contents',
  UINT16: 'uint_contents',
  UINT32: 'uint_contents',
  UINT64: 'uint64_contents',
  FP16: undefined,
  FP32: 'fp32_contents',
  FP64: 'fp64_contents',
  BYTES: 'bytes_contents',
};

type Value = number | string | boolean;

interface RawCodec {
  readonly size: number;
  read(bytes: Buffer, offset: number): Value;
  write(bytes: Buffer, offset: number, value: Value): void;
}

/** IEEE 754 half precision, which has no typed contents field and no Buffer accessor. */
function readHalf(bytes: Buffer, offset: number): number {
  const h = bytes.readUInt16LE(offset);
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function writeHalf(bytes: Buffer, offset: number, value: number): void {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0]!;
  const sign = (x >> 16) & 0x8000;
  const exponent = ((x >> 23) & 0xff) - 127 + 15;
  let half: number;
  if (exponent >= 31) half = sign | 0x7c00 | (Number.isNaN(value) ? 0x200 : 0);
  else if (exponent <= 0) half = sign | (exponent < -10 ? 0 : ((x & 0x7fffff) | 0x800000) >> (14 - exponent));
  else half = sign | (exponent << 10) | ((x >> 13) & 0x3ff);
  bytes.writeUInt16LE(half, offset);
}

const n = (v: Value) => Number(v);

const codecs: Partial<Record<TensorDatatype, RawCodec>> = {
  BOOL: { size: 1, read: (b, o) => b.readUInt8(o) !== 0, write: (b, o, v) => b.writeUInt8(v ? 1 : 0, o) },
  INT8: { size: 1, read: (b, o) => b.readInt8(o), write: (b, o, v) => b.writeInt8(n(v), o) },
  INT16: { size: 2, read: (b, o) => b.readInt16LE(o), write: (b, o, v) => b.writeInt16LE(n(v), o) },
  INT32: { size: 4, read: (b, o) => b.readInt32LE(o), write: (b, o, v) => b.writeInt32LE(n(v), o) },
  INT64: {
    size: 8,
    read: (b, o) => Number(b.readBigInt64LE(o)),
    write: (b, o, v) => b.writeBigInt64LE(BigInt(n(v)), o),
  },
  UINT8: { size: 1, read: (b, o) => b.readUInt8(o), write: (b, o, v) => b.writeUInt8(n(v), o) },
  UINT16: { size: 2, read: (b, o) => b.readUInt16LE(o), write: (b, o, v) => b.writeUInt16LE(n(v), o) },
  UINT32: { size: 4, read: (b, o) => b.readUInt32LE(o), write: (b, o, v) => b.writeUInt32LE(n(v), o) },
  UINT64: {
    size: 8,
    read: (b, o) => Number(b.readBigUInt64LE(o)),
    write: (b, o, v) => b.writeBigUInt64LE(BigInt(n(v)), o),
  },
  FP16: { size: 2, read: readHalf, write: (b, o, v) => writeHalf(b, o, n(v)) },
  FP32: { size: 4, read: (b, o) => b.readFloatLE(o), write: (b, o, v) => b.writeFloatLE(n(v), o) },
  FP64: { size: 8, read: (b, o) => b.readDoubleLE(o), write: (b, o, v) => b.writeDoubleLE(n(v), o) },
};

/** The values of a typed `contents`, from the field of `datatype`. */
export function fromContents(
  name: string,
  datatype: TensorDatatype,
  contents: TensorContents | null | undefined,
): Value[] {
  const field = fieldOf[datatype];
  if (field === undefined) {
    throw new InvalidArgumentError(
      `input "${name}" is ${datatype}, which travels only in raw_input_contents`,
      {
        field: `inputs/${name}`,
      },
    );
  }
  const values = contents?.[field] ?? [];
  return datatype === 'BYTES' ? (values as Buffer[]).map((b) => b.toString('utf8')) : (values as Value[]);
}

/** The values of one raw tensor: row-major, little-endian; BYTES elements each after a 4-byte length. */
export function fromRaw(name: string, datatype: TensorDatatype, bytes: Buffer): Value[] {
  const field = `inputs/${name}`;
  if (datatype === 'BYTES') {
    const values: string[] = [];
    for (let offset = 0; offset < bytes.length; ) {
      if (offset + 4 > bytes.length) {
        throw new InvalidArgumentError(`input "${name}" has raw BYTES contents cut inside a length`, {
          field,
        });
      }
      const length = bytes.readUInt32LE(offset);
      if (offset + 4 + length > bytes.length) {
        throw new InvalidArgumentError(
          `input "${name}" has raw BYTES contents shorter than an element's length`,
          {
            field,
          },
        );
      }
      values.push(bytes.toString('utf8', offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
    return values;
  }
  const codec = codecs[datatype]!;
  if (bytes.length % codec.size !== 0) {
    throw new InvalidArgumentError(
      `input "${name}" has ${bytes.length} bytes of raw contents, which is not a whole number of ${datatype} values`,
      { field },
    );
  }
  const values: Value[] = [];
  for (let offset = 0; offset < bytes.length; offset += codec.size) values.push(codec.read(bytes, offset));
  return values;
}

/** A tensor's values as typed contents. FP16 goes as FP32 values: it has no field of its own. */
export function toContents(tensor: InferenceTensor): TensorContents {
  const field = fieldOf[tensor.datatype] ?? 'fp32_contents';
  const values =
    tensor.datatype === 'BYTES'
      ? tensor.data.map((v) => Buffer.from(String(v), 'utf8'))
      : tensor.data.map((v) => v);
  return { [field]: values };
}

/** A tensor's values as raw bytes, laid out as `fromRaw` reads them. */
export function toRaw(tensor: InferenceTensor): Buffer {
  if (tensor.datatype === 'BYTES') {
    return Buffer.concat(
      tensor.data.flatMap((v) => {
        const value = Buffer.from(String(v), 'utf8');
        const length = Buffer.alloc(4);
        length.writeUInt32LE(value.length);
        return [length, value];
      }),
    );
  }
  const codec = codecs[tensor.datatype]!;
  const bytes = Buffer.alloc(codec.size * tensor.data.length);
  for (let i = 0; i < tensor.data.length; i++) codec.write(bytes, i * codec.size, tensor.data[i]!);
  return bytes;
}
