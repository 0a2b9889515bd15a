// The framing between Node and mme_worker.py: u32 LE header length, u32 LE payload length, header JSON,
// payload. Tensors ride in the payload as raw bytes, described in the header.
import {
  elementCount,
  type KServeDatatype,
  type Tensor,
  tensorToBytes,
  typedArrayFor,
} from "@mme/core/kserve";

export interface TensorDescriptor {
  name: string;
  datatype: KServeDatatype;
  shape: number[];
  byte_length: number;
}

export interface WorkerFrame {
  header: Record<string, unknown>;
  payload: Uint8Array;
}

export function encodeFrame(header: Record<string, unknown>, payloadParts: Uint8Array[] = []): Buffer[] {
  const headerBytes = Buffer.from(JSON.stringify(header));
  const payloadLength = payloadParts.reduce((n, p) => n + p.byteLength, 0);
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32LE(headerBytes.byteLength, 0);
  prefix.writeUInt32LE(payloadLength, 4);
  return [prefix, headerBytes, ...payloadParts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))];
}

export function encodeTensors(tensors: Tensor[]): { descriptors: TensorDescriptor[]; parts: Uint8Array[] } {
  const parts = tensors.map((t) => tensorToBytes(t, "input"));
  const descriptors = tensors.map((t, i) => ({
    name: t.name,
    datatype: t.datatype,
    shape: t.shape,
    byte_length: parts[i]!.byteLength,
  }));
  return { descriptors, parts };
}

export function decodeTensors(descriptors: TensorDescriptor[], payload: Uint8Array): Tensor[] {
  let offset = 0;
  return descriptors.map((d) => {
    const bytes = payload.subarray(offset, offset + d.byte_length);
    offset += d.byte_length;
    const data = typedArrayFor(d.datatype, bytes, elementCount(d.shape), `output '${d.name}'`);
    return { name: d.name, datatype: d.datatype, shape: d.shape, data };
  });
}

/** Reassembles frames from a byte stream. */
export class FrameReader {
  private buffered: Buffer[] = [];
  private bufferedLength = 0;

  constructor(private readonly onFrame: (frame: WorkerFrame) => void) {}

  push(chunk: Buffer): void {
    this.buffered.push(chunk);
    this.bufferedLength += chunk.byteLength;
    for (;;) {
      if (this.bufferedLength < 8) return;
      const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
      this.buffered = [all];
      const headerLength = all.readUInt32LE(0);
      const payloadLength = all.readUInt32LE(4);
      const total = 8 + headerLength + payloadLength;
      if (all.byteLength < total) return;
      const header = JSON.parse(all.subarray(8, 8 + headerLength).toString("utf8")) as Record<
        string,
        unknown
      >;
      // Copy the payload out so typed-array views never alias the shared stream buffer.
      const payload = new Uint8Array(all.subarray(8 + headerLength, total));
      const rest = all.subarray(total);
      this.buffered = rest.byteLength > 0 ? [rest] : [];
      this.bufferedLength = rest.byteLength;
      this.onFrame({ header, payload });
    }
  }
}
