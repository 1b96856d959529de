// Prometheus metrics (SPEC §11.2), served on the internal listener.
import { collectDefaultMetrics, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });
