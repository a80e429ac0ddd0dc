// GraphiQL for the Công đoàn số API, served from the project's static files.
//
// The page (graphql_api/templates/graphql_api/graphiql.html) has no inline script or style: it
// loads this bundle and graphiql.css, and passes its settings as data-attributes of #graphiql:
//   data-endpoint          the GraphQL endpoint over HTTP (same origin), e.g. "/graphql/"
//   data-subscription-url  the websocket URL for subscriptions (graphql-transport-ws), optional
// The CSP nonce of this <script> lets the few <style> elements that GraphiQL's dialogs add at
// run time (react-remove-scroll, via get-nonce) pass `style-src 'self' 'nonce-…'`.
import 'graphiql/style.css';
import './page.css';

import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { setNonce } from 'get-nonce';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const DEFAULT_QUERY = `# GraphiQL — Công đoàn số
#
# Ctrl-Enter (⌘-Enter trên macOS): chạy truy vấn. Ctrl-Space: gợi ý.
# Dữ liệu cần đăng nhập: thêm access token vào tab "Headers":
#   {"Authorization": "Bearer <access token>"}

{
  organisations(first: 3) {
    edges {
      node {
        name
      }
    }
  }
}
`;

const nonce = document.currentScript && document.currentScript.nonce;
if (nonce) {
  setNonce(nonce);
}

function mount() {
  const container = document.getElementById('graphiql');
  if (!container) {
    return;
  }
  const { endpoint, subscriptionUrl } = container.dataset;
  const fetcher = createGraphiQLFetcher({
    url: endpoint || window.location.pathname,
    // Subscriptions go over a websocket (graphql-ws, graphql-transport-ws protocol); the
    // "Headers" tab is sent as the connection_init payload, where the server reads the token.
    subscriptionUrl: subscriptionUrl || undefined,
    // The server answers with plain JSON: no multipart/mixed incremental delivery.
    enableIncrementalDelivery: false,
  });
  container.classList.remove('cds-graphiql-loading');
  container.textContent = '';
  createRoot(container).render(
    createElement(GraphiQL, {
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      defaultEditorToolsVisibility: true,
      inputValueDeprecation: true,
      // Headers (access tokens) are not written to localStorage.
      shouldPersistHeaders: false,
    }),
  );
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', mount);
} else {
  mount();
}
