import base from "./playwright.config";
export default { ...base, timeout: 400_000, expect: { timeout: 90_000 }, webServer: { ...base.webServer, timeout: 240_000 } };
