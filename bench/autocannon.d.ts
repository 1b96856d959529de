// autocannon ships no types; bench/serve.ts uses only this much of it.
declare module 'autocannon' {
  interface Result {
    requests: { average: number };
    latency: { p99: number };
    errors: number;
    non2xx: number;
  }
  interface Options {
    url: string;
    connections: number;
    duration: number;
    requests?: { setupRequest?: (request: { path: string }) => { path: string } }[];
  }
  export default function autocannon(options: Options): Promise<Result>;
}
