#!/usr/bin/env node
// Runs the official npm verifiers of the body-HMAC providers over ../../vectors/<provider>.json
// and prints {"npm:<package>": {"provider": id, "verdicts": {case id: "accept" | "reject" |
// "raise: <Type>: <msg>"}}} on stdout.
//
// Each case is fed as a Node web framework hands it over: header names lower-cased, a repeated
// header joined with ", " (node:http's rule for these headers), values OWS-trimmed, the raw body
// as a Buffer (or its UTF-8 string where the SDK wants a string), each secret in turn (accepted
// if any verifies). None of these SDKs reads a clock (webflow-api checks no timestamp), so no
// time is patched.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const VECTORS = path.join(__dirname, '..', '..', 'vectors');

function load(provider) {
  return JSON.parse(fs.readFileSync(path.join(VECTORS, `${provider}.json`), 'utf8')).cases;
}

function body(c) {
  return 'body_base64' in c ? Buffer.from(c.body_base64, 'base64') : Buffer.from(c.body, 'utf8');
}

function headers(c) {
  const out = {};
  for (const [name, value] of c.headers) {
    const key = name.toLowerCase();
    const v = value.replace(/^[ \t]+|[ \t]+$/g, '');
    out[key] = key in out ? `${out[key]}, ${v}` : v;
  }
  return out;
}

async function anySecret(c, verify) {
  for (const secret of c.secrets) {
    if (await verify(secret)) return true;
  }
  return false;
}

const SDKS = {
  // razorpay/dist/utils/razorpay-utils.js: validateWebhookSignature(body, signature, secret) -> bool;
  // throws when the signature is undefined (no header)
  'npm:razorpay': {
    provider: 'razorpay',
    check: (c) => {
      const Razorpay = require('razorpay');
      const h = headers(c);
      return anySecret(c, (secret) =>
        Razorpay.validateWebhookSignature(body(c).toString('utf8'), h['x-razorpay-signature'], secret));
    },
  },
  // @line/bot-sdk: validateSignature(body: string | Buffer, channelSecret, signature) -> bool
  // (11.0.0: the newest release whose engines allow Node 20; 11.1+ require Node >= 22)
  'npm:@line/bot-sdk': {
    provider: 'line',
    check: (c) => {
      const { validateSignature } = require('@line/bot-sdk');
      const h = headers(c);
      return anySecret(c, (secret) => validateSignature(body(c), secret, h['x-line-signature']));
    },
  },
  // webflow-api wrapper/WebhooksClient.js: async verifySignature({headers, body, secret}) -> bool;
  // reads headers["x-webflow-timestamp"] and headers["x-webflow-signature"] (lower-case keys)
  'npm:webflow-api': {
    provider: 'webflow',
    check: (c) => {
      const { WebflowClient } = require('webflow-api');
      const client = new WebflowClient({ accessToken: 'unused' });
      const h = headers(c);
      return anySecret(c, (secret) =>
        client.webhooks.verifySignature({ headers: h, body: body(c).toString('utf8'), secret }));
    },
  },
  // coinbase-commerce-node lib/Webhook.js: verifyEventBody(rawBody: string, signature, secret) parses
  // the JSON (needs an "event" key), then verifies; throws SignatureVerificationError otherwise
  'npm:coinbase-commerce-node': {
    provider: 'coinbase-commerce',
    check: (c) => {
      const { Webhook } = require('coinbase-commerce-node');
      const h = headers(c);
      let lastError = null;
      return anySecret(c, (secret) => {
        try {
          Webhook.verifyEventBody(body(c).toString('utf8'), h['x-cc-webhook-signature'], secret);
          return true;
        } catch (e) {
          if (e.name !== 'SignatureVerificationError' && e.constructor.name !== 'SignatureVerificationError') throw e;
          lastError = e;
          return false;
        }
      });
    },
  },
};

async function main() {
  const out = {};
  for (const [name, { provider, check }] of Object.entries(SDKS)) {
    const verdicts = {};
    for (const c of load(provider)) {
      try {
        verdicts[c.id] = (await check(c)) ? 'accept' : 'reject';
      } catch (e) {
        const type = (e && (e.name || (e.constructor && e.constructor.name))) || 'Error';
        verdicts[c.id] = `raise: ${type}: ${String((e && e.message) || e).slice(0, 80)}`;
      }
    }
    out[name] = { provider, verdicts };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
