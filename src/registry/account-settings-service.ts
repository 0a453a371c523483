// Account settings (ECR GetAccountSetting / PutAccountSetting): the settings ECR defines, their
// valid values and the value an account has until it sets one.
//
// Valid values are the service model's (PutAccountSettingRequest.value documentation, botocore
// 1.43.11): AWS_NATIVE for BASIC_SCAN_TYPE_VERSION (Clair was retired in February 2026, see
// shared/reference/ecr-behaviour.md §6), V2 for REGISTRY_POLICY_SCOPE, ENABLED or DISABLED for
// BLOB_MOUNTING.
//
// BLOB_MOUNTING defaults to ENABLED in Berth although ECR ships it DISABLED (it is opt-in there,
// ECR user guide "Blob mounting in Amazon ECR"): Berth is also a drop-in for CNCF Distribution,
// whose users (and every OCI client) expect `POST …/blobs/uploads/?mount=&from=` to mount. An
// account that wants ECR's behaviour sets it DISABLED; mounts then fall back to an upload session.
import { RegistryError } from '../domain/registry-error.js';
import type { RepositoryCatalog } from '../metadata/repository-catalog.js';

export const accountSettingDefinitions = {
  BASIC_SCAN_TYPE_VERSION: { values: ['AWS_NATIVE'], defaultValue: 'AWS_NATIVE' },
  REGISTRY_POLICY_SCOPE: { values: ['V2'], defaultValue: 'V2' },
  BLOB_MOUNTING: { values: ['ENABLED', 'DISABLED'], defaultValue: 'ENABLED' },
} as const satisfies Record<string, { values: readonly string[]; defaultValue: string }>;

export type AccountSettingName = keyof typeof accountSettingDefinitions;

export interface AccountSetting {
  name: AccountSettingName;
  value: string;
}

export class AccountSettingsService {
  constructor(private readonly catalog: RepositoryCatalog) {}

  /** The account's value, or the setting's default when the account never set it. */
  async get(accountId: string, name: string): Promise<AccountSetting> {
    const setting = settingNamed(name);
    const stored = await this.catalog.getAccountSetting(accountId, setting);
    return { name: setting, value: stored ?? accountSettingDefinitions[setting].defaultValue };
  }

  async put(accountId: string, name: string, value: string): Promise<AccountSetting> {
    const setting = settingNamed(name);
    const valid: readonly string[] = accountSettingDefinitions[setting].values;
    if (!valid.includes(value)) {
      throw new RegistryError('invalid-parameter', invalidParameterMessage('value', `Value for ${setting} must be one of [${valid.join(', ')}]`));
    }
    await this.catalog.putAccountSetting(accountId, setting, value);
    return { name: setting, value };
  }

  /** Whether `/v2/` cross-repository mounts link blobs in this account (else they start an upload). */
  async allowsBlobMounting(accountId: string): Promise<boolean> {
    return (await this.get(accountId, 'BLOB_MOUNTING')).value === 'ENABLED';
  }
}

function settingNamed(name: string): AccountSettingName {
  if (Object.hasOwn(accountSettingDefinitions, name)) return name as AccountSettingName;
  const names = Object.keys(accountSettingDefinitions).join(', ');
  throw new RegistryError('invalid-parameter', invalidParameterMessage('name', `Member must be one of [${names}]`));
}

/**
 * ECR's text for these refusals is not on record; Berth words them in ECR's shape for a rejected
 * parameter (http/ecr/protocol/constraint-messages.ts), so clients matching on the prefix still match.
 */
function invalidParameterMessage(member: string, constraint: string): string {
  return `Invalid parameter at '${member}' failed to satisfy constraint: '${constraint}'`;
}
