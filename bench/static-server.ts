// The reference for bench/serve.ts: Bun.serve answering one file's bytes from memory.
//   bun run bench/static-server.ts <file>   (prints the port on stdout)
export {};

const bytes = new Uint8Array(await Bun.file(process.argv[2]!).arrayBuffer());
const server = Bun.serve({ hostname: '127.0.0.1', port: 0,
  fetch: () => new Response(bytes, { headers: { 'content-type': 'image/jpeg' } }) });
console.log(server.port);
process.on('SIGTERM', () => {
  server.stop(true);
  process.exit(0);
});
