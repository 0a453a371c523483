// GetAccountSetting: the caller's account value of a setting, or its default (account-settings-service.ts).
import { registryAccess, type EcrOperation } from '../ecr-context.js';

interface Input {
  name: string;
}

export const getAccountSetting: EcrOperation<Input> = {
  name: 'GetAccountSetting',
  access: registryAccess,
  async run(input, context) {
    return context.services.accountSettings.get(context.principal.accountId, input.name);
  },
};
