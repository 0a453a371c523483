// Public registries: one per account, named by its alias. The default alias is assigned the first
// time an account's public registry is used (ECR assigns it with the first public repository; Berth
// also when DescribeRegistries or a token asks), and never changes. Aliases are cached in memory
// for the same reason: an alias, once assigned, names the same account for good.
import { RegistryError } from '../domain/registry-error.js';
import { checkDisplayName } from './catalog-data.js';
import type { PublicRegistryStore } from './public-registry-store.js';
import { splitStoredRepositoryName } from './public-repository-name.js';
import { isRegistryAlias, newDefaultAliasName, type RegistryAlias } from './registry-alias.js';

export interface PublicRegistry {
  accountId: string;
  aliases: RegistryAlias[];
  /** The alias in repository URIs. */
  primaryAlias: string;
}

export interface PublicRegistryServiceOptions {
  now?: () => number;
  newAliasName?: () => string;
}

/** Tries before giving up on finding a free random alias (each collides with odds ~n/2^41). */
const aliasAttempts = 10;
const maxCachedAliases = 10_000;

export class PublicRegistryService {
  private readonly now: () => number;
  private readonly newAliasName: () => string;
  private readonly accountOfAlias = new Map<string, string>();
  private readonly registryOfAccount = new Map<string, PublicRegistry>();

  constructor(
    private readonly store: PublicRegistryStore,
    options: PublicRegistryServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.newAliasName = options.newAliasName ?? (() => newDefaultAliasName());
  }

  /** Makes sure the registry public repositories belong to exists; call once at startup. */
  async open(): Promise<void> {
    await this.store.ensurePublicRegistry(this.now());
  }

  /** The account's public registry, with its default alias assigned on first use. */
  async registryOf(accountId: string): Promise<PublicRegistry> {
    const cached = this.registryOfAccount.get(accountId);
    if (cached) return cached;
    let aliases = await this.store.aliases(accountId);
    for (let attempt = 0; aliases.length === 0 && attempt < aliasAttempts; attempt++) {
      const alias: RegistryAlias = { name: this.newAliasName(), accountId, status: 'ACTIVE', primary: true, isDefault: true, createdAt: this.now() };
      // false: the name is taken, or a concurrent request gave the account its alias first.
      if (!(await this.store.addAlias(alias))) aliases = await this.store.aliases(accountId);
      else aliases = [alias];
    }
    const primary = aliases.find((alias) => alias.primary && alias.status === 'ACTIVE') ?? aliases[0];
    if (!primary) throw new Error(`no free registry alias found for account ${accountId} in ${aliasAttempts} attempts`);
    const registry = { accountId, aliases, primaryAlias: primary.name };
    this.remember(registry);
    return registry;
  }

  /**
   * The account a RegistryIdOrAlias parameter names: a 12-digit id is an account, anything else must
   * be an alias some account holds (RegistryNotFoundException otherwise).
   */
  async accountOf(registryIdOrAlias: string): Promise<string> {
    if (/^\d{12}$/.test(registryIdOrAlias)) return registryIdOrAlias;
    const accountId = isRegistryAlias(registryIdOrAlias) ? await this.accountOfAliasName(registryIdOrAlias) : undefined;
    if (accountId === undefined) throw new RegistryError('registry-not-found', `The registry with alias '${registryIdOrAlias}' does not exist`);
    return accountId;
  }

  /** The account owning a public repository by its stored name (`<alias>/<name>`), if its alias is known. */
  async ownerOf(storedName: string): Promise<string | undefined> {
    const parts = splitStoredRepositoryName(storedName);
    return parts && this.accountOfAliasName(parts.alias);
  }

  async displayName(accountId: string): Promise<string | undefined> {
    return this.store.registryDisplayName(accountId);
  }

  async putDisplayName(accountId: string, displayName: string): Promise<string> {
    await this.store.putRegistryDisplayName(accountId, checkDisplayName(displayName), this.now());
    return displayName;
  }

  private async accountOfAliasName(name: string): Promise<string | undefined> {
    const cached = this.accountOfAlias.get(name);
    if (cached !== undefined) return cached;
    const alias = await this.store.findAlias(name);
    if (alias) this.remember({ accountId: alias.accountId, aliases: [alias], primaryAlias: alias.name }, false);
    return alias?.accountId;
  }

  private remember(registry: PublicRegistry, complete = true): void {
    if (this.accountOfAlias.size >= maxCachedAliases) {
      this.accountOfAlias.clear();
      this.registryOfAccount.clear();
    }
    for (const alias of registry.aliases) this.accountOfAlias.set(alias.name, registry.accountId);
    if (complete) this.registryOfAccount.set(registry.accountId, registry);
  }
}
