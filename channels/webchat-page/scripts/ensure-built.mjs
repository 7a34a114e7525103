// Builds the page when dist/ is missing or older than its sources, so `npm start`
// on a fresh clone serves it and a second start does not wait for a build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'dist', 'index.html');

function newest(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((name) => path.join(root, name));
const stale = !existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
if (stale) {
  process.stdout.write('Building the web chat page…\n');
  execFileSync(process.execPath, [path.join(root, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Under a test runner NODE_ENV is "test", which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
