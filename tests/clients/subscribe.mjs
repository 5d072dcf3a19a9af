// Subscribe with graphql-ws and print each event as one JSON line; exit after `count` events.
// Usage: node subscribe.mjs <ws url> <credential> <count> [after]
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, credential, count, after] = process.argv.slice(2);
const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${credential}` } });
const query = "subscription($a: String) { transferEvents(after: $a) { cursor event { id type } } }";
let left = Number(count);
console.log(JSON.stringify({ ready: true }));
client.subscribe({ query, variables: { a: after || null } }, {
  next: (result) => {
    if (result.errors) { console.log(JSON.stringify({ errors: result.errors })); process.exit(2); }
    console.log(JSON.stringify(result.data.transferEvents));
    if (--left === 0) { client.dispose(); process.exit(0); }
  },
  error: (error) => { console.log(JSON.stringify({ error: String(error && (error.reason || error.message || error)) })); process.exit(3); },
  complete: () => process.exit(0),
});
