// A binary min-heap of (key, id) pairs in typed arrays, for Dijkstra-style front propagation.

export class MinHeap {
  private keys: Float64Array;
  private ids: Uint32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(Math.max(capacity, 16));
    this.ids = new Uint32Array(Math.max(capacity, 16));
  }

  get size(): number {
    return this.n;
  }

  push(key: number, id: number): void {
    if (this.n === this.keys.length) this.grow();
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.ids[i] = this.ids[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.ids[i] = id;
  }

  /** Key of the smallest entry (Infinity when empty). */
  peekKey(): number {
    return this.n > 0 ? this.keys[0] : Infinity;
  }

  /** Removes the smallest entry and returns its id; call only when size > 0. */
  pop(): number {
    const top = this.ids[0];
    const last = --this.n;
    const key = this.keys[last];
    const id = this.ids[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && this.keys[c + 1] < this.keys[c]) c++;
      if (this.keys[c] >= key) break;
      this.keys[i] = this.keys[c];
      this.ids[i] = this.ids[c];
      i = c;
    }
    this.keys[i] = key;
    this.ids[i] = id;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const ids = new Uint32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
  }
}
