// Fails when src/api/schema.d.ts is not what openapi-typescript makes of
// api/openapi.yaml today (run `npm run gen` after changing the contract).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = join(mkdtempSync(join(tmpdir(), "kinmuchi-gen-")), "schema.d.ts");
execFileSync("npx", ["openapi-typescript", "../api/openapi.yaml", "-o", out], { stdio: "ignore" });
const fresh = readFileSync(out, "utf8");
const committed = readFileSync("src/api/schema.d.ts", "utf8");
if (fresh !== committed) {
  console.error("src/api/schema.d.ts is stale: api/openapi.yaml changed. Run `npm run gen` in frontend/ and commit the result.");
  process.exit(1);
}
console.log("generated API types are up to date");
