import { defineConfig } from "vite";

export default defineConfig({
  base: "./", // served from any path
  build: { outDir: "dist", emptyOutDir: true },
  server: { port: 5173 },
});
