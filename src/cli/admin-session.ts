// What every `berth admin` command does around its work: open the stores `serve` uses, build the
// identity services on them, print the result as JSON, close.
import { openIdentity } from '../app.js';
import { openStores } from '../open-stores.js';
import type { GroupService } from '../identity/group-service.js';
import type { IdentityService } from '../identity/identity-service.js';
import type { PermissionsService } from '../identity/permissions-service.js';
import { storeConfig, type StoreFlags } from './store-options.js';

export interface AdminServices {
  identity: IdentityService;
  groups: GroupService;
  permissions: PermissionsService;
}

export async function withAdminServices(flags: StoreFlags, work: (services: AdminServices) => Promise<unknown>): Promise<void> {
  const stores = await openStores(storeConfig(flags));
  try {
    const services = await openIdentity(stores);
    const result = await work(services);
    process.stdout.write(JSON.stringify(result ?? {}, null, 2) + '\n');
  } finally {
    await stores.close();
  }
}

export async function accountOrDefault(identity: IdentityService, account: string | undefined): Promise<string> {
  return account ?? (await identity.defaultAccount()).id;
}
