// What the pandas HDFStore readers return: a DataFrame as typed columns (shared by the fixed and table readers).

export type FrameColumn =
  | { name: string; kind: 'number'; values: Float64Array }
  | { name: string; kind: 'string'; values: string[] }
  | { name: string; kind: 'object'; values: unknown[] };

export interface PandasFrame {
  file: string;
  path: string;
  nRows: number;
  /** In the DataFrame's column order. */
  columns: FrameColumn[];
}
