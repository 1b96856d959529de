// Files imported `with { type: 'file' }` resolve to a path (embedded in compiled executables).
declare module '*.jpg' {
  const path: string;
  export default path;
}
