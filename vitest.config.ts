import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    // e2e/*.spec.ts belong to Playwright; Vitest would otherwise pick them up (DESIGN.md §3).
    include: ["src/**/*.test.ts", "labs/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", "dist/**", "dist-e2e/**"],
  },
});
