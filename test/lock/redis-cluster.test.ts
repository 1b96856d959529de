import { afterAll, beforeAll, describe } from 'bun:test';
import { redisCli, startRedisCluster, type RedisCluster } from '../helpers/redis.ts';
import { runRedisLockSuite } from './redis-suite.ts';

describe('redis lock on a cluster', () => {
  let cluster: RedisCluster;

  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  runRedisLockSuite('3-master cluster', {
    config: () => ({ type: 'redis-cluster', address: cluster.addresses, clientConfig: {} }),
    // -c follows the MOVED reply to the node owning the key.
    pttl: async (key) => Number(await redisCli(cluster.ports[0]!, '-c', 'PTTL', key)),
  });
});
