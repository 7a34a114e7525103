import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built once into dist/ and served by the bot process at `/admin` (see bot/src/admin).
export default defineConfig({
  plugins: [react()],
  base: '/admin/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4096 },
});
