// Builds the admin UI when dist/ is missing or older than its sources, so `npm start`
// on a fresh clone serves it at /admin and a second start does not wait for a build.
// Same rule as channels/webchat-page/scripts/ensure-built.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'dist', 'index.html');

// Tests beside the sources do not change the build.
function newestSource(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestSource(path.join(entry, name))));
}

const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((name) => path.join(root, name));
// The typed client is bundled from core-api: a regenerated client is a new build too.
const client = path.join(root, '..', 'core-api', 'src', 'client');
const stale = !existsSync(built) || Math.max(...sources.map(newestSource), newestSource(client)) > statSync(built).mtimeMs;
if (stale) {
  process.stdout.write('Building the admin UI…\n');
  execFileSync(process.execPath, [path.join(root, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Under a test runner NODE_ENV is "test", which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
