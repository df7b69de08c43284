/** JavaScript source that runs inside the isolate, imported by the host as a string. */
declare module "*.isojs" {
  const source: string;
  export default source;
}
