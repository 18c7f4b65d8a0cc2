/** WGSL sources are imported as strings (Vite `?raw`). */
declare module '*.wgsl?raw' {
  const source: string;
  export default source;
}
