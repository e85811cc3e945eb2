// Alpaca's official JS client's history call (getCryptoBars) against Torghut's gateway; prints one JSON summary.
// Usage: node gateway-history.js <gateway-http-base> <key> <secret> <symbols,comma> <start> <end>
// The client has no host option: its documented `middleware` hook redirects data.alpaca.markets to the gateway.
"use strict";
const { MarketDataClient } = require("@alpacahq/alpaca-trade-api");

const [base, keyId, secret, symbolList, start, end] = process.argv.slice(2);
const toGateway = { pre: async (c) => ({ url: c.url.replace("https://data.alpaca.markets", base), init: c.init }) };
const client = new MarketDataClient({ keyId, secret, middleware: [toGateway], retry: false, rateLimit: false });
client.getCryptoBars({ loc: "us", symbols: symbolList.split(","), timeframe: "1Min", start: new Date(start), end: new Date(end) })
  .then((bars) => {
    const out = {};
    for (const [symbol, list] of Object.entries(bars))
      out[symbol] = list.map((b) => ({ t: new Date(b.timestamp).toISOString(), open: b.open, high: b.high, low: b.low,
        close: b.close, volume: b.volume }));
    process.stdout.write(JSON.stringify({ bars: out }) + "\n", () => process.exit(0));
  })
  .catch((e) => process.stdout.write(JSON.stringify({ error: String(e) }) + "\n", () => process.exit(0)));
