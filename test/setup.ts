// Preloaded before every test file (bunfig.toml). bunfig's `timeout` covers tests but not
// hooks, which keep Bun's 5 s default: starting a Redis cluster or a server in beforeAll can
// take longer than that on a loaded 2-core machine.
import { setDefaultTimeout } from 'bun:test';

setDefaultTimeout(30_000);
