/**
 * `npm start` / `npm test` run this before starting anything: the env as the
 * app will parse it, so a wrong value (or, in a production deployment, a
 * default or short secret) stops the start with the variable named.
 */
import { EnvError, parseEnv } from "../server/env";

try {
  const env = parseEnv(process.env);
  process.stdout.write(`env ok (${env.DEPLOYMENT} deployment)\n`);
} catch (error) {
  process.stderr.write(`${error instanceof EnvError ? error.message : String(error)}\n`);
  process.exit(1);
}
