// The bus contract on the in-process adapter (SQLite deployments): peers of one bus act as nodes.
import { cacheInvalidationBusContract } from '../testing/cache-invalidation-bus-contract.js';
import { InProcessCacheInvalidationBus } from './in-process-cache-invalidation-bus.js';

cacheInvalidationBusContract('in process', async () => {
  const first = new InProcessCacheInvalidationBus();
  const buses: InProcessCacheInvalidationBus[] = [];
  return {
    async node() {
      const bus = buses.length === 0 ? first : first.peer();
      buses.push(bus);
      return bus;
    },
    async cleanup() {
      for (const bus of buses) await bus.close();
    },
  };
});
