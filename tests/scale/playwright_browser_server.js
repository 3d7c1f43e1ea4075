// A Playwright browser server on loopback (launchServer of the npm `playwright` package, Debian's
// Chromium): prints its ws endpoint on one line, then serves until its stdin closes.
const { chromium } = require("playwright");

(async () => {
  const server = await chromium.launchServer({
    executablePath: process.argv[2] || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
    headless: true,
    host: "127.0.0.1",
    port: 0,
  });
  process.stdout.write(server.wsEndpoint() + "\n");
  process.stdin.resume();
  process.stdin.on("end", async () => {
    await server.close();
    process.exit(0);
  });
})().catch((error) => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
