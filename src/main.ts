// The `berth` command line: one file per command under cli/.
import { Command } from 'commander';
import { registerAdminCommand } from './cli/admin-command.js';
import { registerGcCommand } from './cli/gc-command.js';
import { registerLifecycleCommand } from './cli/lifecycle-command.js';
import { registerMigrateCommand } from './cli/migrate-command.js';
import { registerServeCommand } from './cli/serve-command.js';
import { berthVersion } from './cli/version.js';

export async function main(argv: string[]): Promise<void> {
  const program = new Command('berth')
    .description('Berth: a self-hosted container registry that speaks Amazon ECR')
    .version(berthVersion);
  registerServeCommand(program);
  registerAdminCommand(program);
  registerMigrateCommand(program);
  registerGcCommand(program);
  registerLifecycleCommand(program);
  await program.parseAsync(argv);
}
