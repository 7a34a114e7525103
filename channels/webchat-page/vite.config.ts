import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built once into dist/ and served by the bot process at `/`.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4096 },
});
