// The version printed by `berth --version` and the start banner, read from package.json.
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

export const berthVersion: string = packageJson.version;
