// System programs the black-box suites drive (skopeo, umoci, docker-registry, …).
// Missing ones are installed with apt-get when we run as root on Debian; elsewhere the suite is
// skipped with a loud reason — except under CI=true, where a missing tool is a failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const attempted = new Set<string>();

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

function canApt(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

/**
 * Ensures every program is present, installing its Debian package when possible.
 * Returns undefined when all are there, or the reason to skip.
 * @param programs map of program name → Debian package that ships it
 */
export function requirePrograms(programs: Record<string, string>): string | undefined {
  const missing = () => Object.keys(programs).filter((program) => !onPath(program));
  let absent = missing();
  if (absent.length > 0 && canApt()) {
    const packages = [...new Set(absent.map((program) => programs[program]))].filter((pkg) => !attempted.has(pkg));
    if (packages.length > 0) {
      packages.forEach((pkg) => attempted.add(pkg));
      try {
        execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
          stdio: 'ignore',
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
      } catch {
        execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
        execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
          stdio: 'ignore',
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
      }
    }
    absent = missing();
  }
  if (absent.length === 0) return undefined;
  const reason = `SKIPPED: needs ${absent.join(', ')} (apt packages: ${absent.map((p) => programs[p]).join(' ')}); run as root on Debian to install them`;
  if (process.env.CI === 'true') throw new Error(`CI=true forbids skipping: ${reason}`);
  console.error(`\n*** ${reason} ***\n`);
  return reason;
}
