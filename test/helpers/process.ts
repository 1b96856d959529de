// Runs the server as a separate process (the CLI, or the compiled executable) and waits for its
// start-up banner, which names the listeners.
import type { Subprocess } from 'bun';

export interface ServerProcess {
  process: Subprocess<'ignore', 'pipe', 'pipe'>;
  listen: string[];
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number>;
}

export async function spawnServer(command: string[], cwd: string): Promise<ServerProcess> {
  const child = Bun.spawn(command, { cwd, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' });
  let text = '';
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + 15_000;

  while (!text.includes('"mort started"')) {
    if (Date.now() > deadline) throw new Error(`server did not start:\n${text}`);
    const { value, done } = await reader.read();
    if (done) {
      const stderr = await new Response(child.stderr).text();
      throw new Error(`server exited early:\n${text}\n${stderr}`);
    }
    text += decoder.decode(value, { stream: true });
  }
  // Keep draining stdout so the child never blocks on a full pipe.
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })();

  const banner = JSON.parse(text.split('\n').find((line) => line.includes('mort started'))!);
  return {
    process: child,
    listen: banner.listen as string[],
    output: () => text,
    async stop() {
      child.kill('SIGTERM');
      return child.exited;
    },
  };
}
