// PutAccountSetting: sets one of the caller's account settings to one of its valid values
// (account-settings-service.ts); returns what is now in force.
import { registryAccess, type EcrOperation } from '../ecr-context.js';

interface Input {
  name: string;
  value: string;
}

export const putAccountSetting: EcrOperation<Input> = {
  name: 'PutAccountSetting',
  access: registryAccess,
  async run(input, context) {
    return context.services.accountSettings.put(context.principal.accountId, input.name, input.value);
  },
};
