// Listen to announcements the way the member app should, with graphql-ws (the reference client
// of the graphql-transport-ws protocol this server speaks).
//
//   npm ci && API_WS_URL=ws://127.0.0.1:8000/graphql/ ACCESS_TOKEN=... node subscribe.mjs
//
// - The access token goes in `connectionParams`, computed for each connection: after a refresh,
//   the next reconnect sends the new token. The server closes a socket whose sign-in ended
//   (expired, signed out, deactivated) with 4403: refresh the token, then reconnect.
// - Each event carries a `cursor`. Keep the last one (the app would store it on the device) and
//   subscribe with it as `after` when reconnecting: what was missed comes first, then live events.
//   RESYNC means too much was missed: reload the list, then go on.
// - Prints each event as one JSON line. EXIT_AFTER=n stops after n events (for tests); AFTER
//   starts from a cursor.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const url = process.env.API_WS_URL ?? "ws://127.0.0.1:8000/graphql/";
const exitAfter = Number(process.env.EXIT_AFTER ?? 0);
let accessToken = process.env.ACCESS_TOKEN ?? "";
let cursor = process.env.AFTER || null;

const ANNOUNCEMENTS = `
  subscription Announcements($after: String) {
    announcementPublished(after: $after) {
      cursor
      kind
      announcementId
      announcement { title priorityLabel expireAt organisation { name } }
    }
  }`;

async function refreshAccessToken() {
  // The app calls the refreshToken mutation over HTTP here and stores the new pair.
  // This example has no refresh token: it stops instead.
  console.error("Sign-in ended (4403): refresh the token, then reconnect.");
  process.exit(2);
}

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: () => (accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
  // Reconnect (with backoff) after network losses; each new subscription resumes from `cursor`.
  retryAttempts: Infinity,
  shouldRetry: (event) => !(event && event.code === 4403),
  on: {
    connected: () => console.error("connected"),
    closed: (event) => {
      if (event && event.code === 4403) refreshAccessToken();
    },
  },
});

let received = 0;
for (;;) {
  const events = client.iterate({ query: ANNOUNCEMENTS, variables: { after: cursor } });
  try {
    for await (const result of events) {
      if (result.errors) {
        console.error(JSON.stringify(result.errors));
        continue;
      }
      const event = result.data.announcementPublished;
      cursor = event.cursor; // remember it: the next subscription resumes from here
      console.log(JSON.stringify(event));
      received += 1;
      if (exitAfter && received >= exitAfter) {
        await client.dispose();
        process.exit(0);
      }
    }
  } catch (error) {
    console.error("subscription ended:", error?.message ?? error);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
