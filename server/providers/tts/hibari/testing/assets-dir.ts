import { resolve } from "node:path";

/** Where tests find the voice's assets: the set-up's cache (`npm start` / `npm test` fetch them). */
export const testAssetsDir = resolve(import.meta.dirname, "..", "..", "..", "..", "..", ".cache", "hibari");
