// Drives Alpaca's official JS client (@alpacahq/alpaca-trade-api) against Torghut's gateway; prints one JSON summary.
// Usage: node gateway-stream.js <ws-url> <key> <secret> <symbols,comma> <channels: trades,quotes,bars> <bars-per-symbol> <max-seconds>
// The client is used as published: only its documented constructor options (url, credentials, reconnect) are set.
"use strict";
const { streaming } = require("@alpacahq/alpaca-trade-api");

const [url, keyId, secret, symbolList, channelList, barsWanted, maxSeconds] = process.argv.slice(2);
const symbols = symbolList.split(",");
const channels = channelList.split(",");
const summary = { authenticated: false, authStatus: null, subscription: null, errors: [], trades: [], quotes: [], bars: [] };

const stream = new streaming.CryptoDataStream({ url, credentials: { keyId, secret }, reconnect: false });
stream.onError((e) => summary.errors.push(String(e)));
stream.on("subscription", (s) => { summary.subscription = s; });
stream.onTrade((t) => summary.trades.push({ symbol: t.symbol, price: t.price, size: t.size, id: t.id, t: t.timestampRaw }));
stream.onQuote((q) => summary.quotes.push({ symbol: q.symbol, bidPrice: q.bidPrice, bidSize: q.bidSize, askPrice: q.askPrice, askSize: q.askSize, t: q.timestampRaw }));
stream.onBar((b) => {
  summary.bars.push({ symbol: b.symbol, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume, t: b.timestampRaw, vwap: b.vwap, tradeCount: b.tradeCount });
  if (symbols.every((s) => summary.bars.filter((x) => x.symbol === s).length >= Number(barsWanted))) finish();
});

// Subscriptions made before connecting are sent by the client itself once it is authenticated.
if (channels.includes("trades")) stream.subscribeForTrades(symbols);
if (channels.includes("quotes")) stream.subscribeForQuotes(symbols);
if (channels.includes("bars")) stream.subscribeForBars(symbols);
stream.connect();
stream.waitForAuthenticationResult(Number(maxSeconds) * 1000).then((r) => {
  summary.authenticated = r.authenticated;
  summary.authStatus = r.status;
  if (!r.authenticated) finish();
});
setTimeout(finish, Number(maxSeconds) * 1000);

let done = false;
function finish() {
  if (done) return;
  done = true;
  stream.disconnect();
  process.stdout.write(JSON.stringify(summary) + "\n", () => process.exit(0));
}
