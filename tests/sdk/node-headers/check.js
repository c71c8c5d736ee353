#!/usr/bin/env node
// Runs the official npm SDKs of the "headers" family over tests/vectors/<provider>.json and
// prints {"npm:<package>": {"provider": id, "verdicts": {case id: "accept" | "reject" |
// "raise: <Type>: <msg>"}}}. Each SDK gets the case as a Node HTTP server hands it over:
// lowercased header names, a repeated header joined with ", " (Node's rule for these
// headers), the raw body as a string (or Buffer where the SDK takes one); the app loops over
// its configured secrets. The clock is the case's `now`: the SDK's own parameter where it has
// one (bolt's nowMilliseconds), otherwise Date.now is replaced for the call.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const VECTORS = path.join(__dirname, '..', '..', 'vectors');
const load = (provider) => JSON.parse(fs.readFileSync(path.join(VECTORS, `${provider}.json`), 'utf8')).cases;

const bodyBuffer = (c) => (c.body_base64 !== undefined ? Buffer.from(c.body_base64, 'base64') : Buffer.from(c.body, 'utf8'));
const bodyString = (c) => bodyBuffer(c).toString('utf8');

function nodeHeaders(c) {
  const out = {};
  for (const [name, value] of c.headers) {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}

const realNow = Date.now;
async function at(c, fn) {
  Date.now = () => Math.round(c.now * 1000);
  try {
    return await fn();
  } finally {
    Date.now = realNow;
  }
}

async function anySecret(c, fn) {
  for (const secret of c.secrets) {
    if (await fn(secret)) return true;
  }
  return false;
}

const SDKS = {
  'npm:@slack/bolt': ['slack', async (c) => {
    const { isValidSlackRequest } = require('@slack/bolt');
    const h = nodeHeaders(c);
    // HTTPModuleFunctions.parseAndVerifyHTTPRequest passes Number(timestamp header)
    return anySecret(c, (signingSecret) => isValidSlackRequest({
      signingSecret, body: bodyString(c), nowMilliseconds: c.now * 1000,
      headers: { 'x-slack-signature': h['x-slack-signature'], 'x-slack-request-timestamp': Number(h['x-slack-request-timestamp']) },
    }));
  }],
  'npm:@zoom/rivet': ['zoom', async (c) => {
    const { AwsLambdaReceiver } = require('@zoom/rivet/accounts');
    return anySecret(c, async (webhooksSecretToken) => {
      const receiver = new AwsLambdaReceiver({ webhooksSecretToken });
      receiver.init({ eventEmitter: { emit: async () => {} } });
      const quiet = console.debug;
      console.debug = () => {};
      try {
        const res = await receiver.start()({ body: bodyString(c), headers: nodeHeaders(c), isBase64Encoded: false }, {});
        return res.statusCode === 200;
      } finally {
        console.debug = quiet;
      }
    });
  }],
  'npm:@octokit/webhooks-methods': ['github', async (c) => {
    const { verifyWithFallback } = await import('@octokit/webhooks-methods');
    const [secret, ...more] = c.secrets;
    return verifyWithFallback(secret, bodyString(c), nodeHeaders(c)['x-hub-signature-256'], more);
  }],
  'npm:@hubspot/api-client': ['hubspot', async (c) => {
    const { Signature } = require('@hubspot/api-client');
    const h = nodeHeaders(c);
    const v3 = h['x-hubspot-signature-v3'];
    const signatureVersion = v3 ? 'v3' : (h['x-hubspot-signature-version'] || 'v1');
    const signature = v3 || h['x-hubspot-signature'];
    if (!signature) return false;
    return at(c, () => anySecret(c, (clientSecret) => Signature.isValid({
      signature, clientSecret, requestBody: bodyString(c), signatureVersion, url: c.url, method: c.method,
      timestamp: h['x-hubspot-request-timestamp'],
    })));
  }],
  'npm:@linear/sdk': ['linear', async (c) => {
    const { LinearWebhookClient } = await import('@linear/sdk/webhooks');
    const signature = nodeHeaders(c)['linear-signature'];
    return at(c, () => anySecret(c, (secret) => {
      try {
        return new LinearWebhookClient(secret).verify(bodyBuffer(c), signature);
      } catch (e) {
        if (/Invalid webhook|Missing webhook/.test(e.message)) return false; // its documented rejection
        throw e;
      }
    }));
  }],
  'npm:@shopify/shopify-api': ['shopify', async (c) => {
    require('@shopify/shopify-api/adapters/web-api');
    const { shopifyApi, ApiVersion, LogSeverity } = require('@shopify/shopify-api');
    return anySecret(c, async (apiSecretKey) => {
      const shopify = shopifyApi({
        apiKey: 'test-api-key', apiSecretKey, hostName: 'example.com', apiVersion: ApiVersion.July25,
        isEmbeddedApp: false, logger: { level: LogSeverity.Error, log: () => {} },
      });
      const headers = new Headers();
      for (const [k, v] of c.headers) headers.append(k, v);
      const rawRequest = new Request(c.url, { method: c.method, headers, body: bodyBuffer(c) });
      const result = await shopify.webhooks.validate({ rawBody: bodyString(c), rawRequest });
      return result.valid === true;
    });
  }],
  'npm:square': ['square', async (c) => {
    const { WebhooksHelper } = require('square');
    return anySecret(c, (signatureKey) => WebhooksHelper.verifySignature({
      requestBody: bodyString(c), signatureHeader: nodeHeaders(c)['x-square-hmacsha256-signature'],
      signatureKey, notificationUrl: c.url,
    }));
  }],
  'npm:box-node-sdk': ['box', async (c) => {
    const { WebhooksManager } = require('box-node-sdk/lib/managers/webhooks');
    // secrets[0] is the primary key, secrets[1] the secondary (Box pairs each with its header)
    return at(c, () => WebhooksManager.validateMessage(bodyString(c), nodeHeaders(c), c.secrets[0], {
      secondaryKey: c.secrets[1], maxAge: c.tolerance ?? 600,
    }));
  }],
  'npm:@twurple/eventsub-http': ['twitch', async (c) => {
    // Community library (no official Twitch SDK). Its request handler verifies with the
    // (internal) _verifyData and then silently drops notifications older than 10 minutes;
    // both are reproduced from EventSubHttpBase.js: the method is called, the age rule copied.
    const { EventSubMiddleware } = require('@twurple/eventsub-http');
    const h = nodeHeaders(c);
    const signature = h['twitch-eventsub-message-signature'];
    if (signature === undefined) return false;
    return at(c, () => anySecret(c, (secret) => {
      if (!secret || secret.length < 10 || secret.length > 100) throw new Error('Your secret must be between 10 and 100 characters long');
      const ts = h['twitch-eventsub-message-timestamp'];
      const verified = EventSubMiddleware.prototype._verifyData.call({ _secret: secret },
        h['twitch-eventsub-message-id'], ts, bodyString(c), signature);
      if (!verified) return false;
      if (h['twitch-eventsub-message-type'] === 'notification' && new Date(ts).getTime() < Date.now() - 10 * 60 * 1000) return false;
      return true;
    }));
  }],
};

async function main() {
  const only = process.argv.slice(2);
  const out = {};
  for (const [name, [provider, check]] of Object.entries(SDKS)) {
    if (only.length && !only.includes(name)) continue;
    const verdicts = {};
    for (const c of load(provider)) {
      try {
        verdicts[c.id] = (await check(c)) ? 'accept' : 'reject';
      } catch (e) {
        verdicts[c.id] = `raise: ${e && e.constructor ? e.constructor.name : typeof e}: ${String(e && e.message).slice(0, 80)}`;
      }
    }
    out[name] = { provider, verdicts };
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
