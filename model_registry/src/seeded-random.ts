// A small seeded PRNG (sfc32) so generated weights are byte-identical on every run and machine.
// Only integer ops, multiplications and sqrt are used: all IEEE-exact, unlike Math.log/cos.

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 16; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [-limit, limit). */
  symmetric(limit: number): number {
    return (this.next() * 2 - 1) * limit;
  }

  /** He-uniform weights (variance 2/fanIn), scaled by `gain`. */
  heUniform(count: number, fanIn: number, gain = 1): Float32Array {
    const limit = Math.sqrt(6 / fanIn) * gain;
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.symmetric(limit);
    return out;
  }

  uniformArray(count: number, limit: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.symmetric(limit);
    return out;
  }
}

/** A stable 32-bit seed from a string (FNV-1a), for per-variant weights in a fleet. */
export function seedFromString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
