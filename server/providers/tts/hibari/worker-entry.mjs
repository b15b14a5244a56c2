// Starts the TypeScript worker through tsx's scoped loader: a worker thread
// does not reliably inherit its parent's TypeScript loader (vitest's forks
// have none), and tsImport works whether or not one is already registered.
import { tsImport } from "tsx/esm/api";

await tsImport("./worker.ts", import.meta.url);
