#!/usr/bin/env node
// Runs every case of the Standard Webhooks / Svix family and the t=,v1= list providers
// (tests/vectors/<provider>.json) through the official npm SDKs and prints one JSON object:
// {"npm:<package>": {"provider": "<id>", "verdicts": {"<case id>": "accept" | "reject" | "raise: <Type>: <msg>"}}}
//
// Each SDK gets the case as a Node web framework would hand it over: the raw body (a string,
// or a Buffer where the SDK takes one), a plain headers object holding the first value of
// each header (lowercased names), or a WHATWG Request where the SDK takes one (Clerk). The
// clock is the case's `now`: none of these SDKs takes a `now`, so the global Date is replaced
// for the duration of the case (Date.now() and `new Date()` both give `now`).
// The case's secrets are tried in order, as a user with a rotation list would.
'use strict';

const fs = require('fs');
const path = require('path');

const VECTORS = path.join(__dirname, '..', '..', 'vectors');
const RealDate = Date;

function withClock(now, fn) {
  const ms = Math.round(now * 1000);
  class FakeDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(ms);
      else super(...args);
    }
    static now() {
      return ms;
    }
  }
  globalThis.Date = FakeDate;
  return Promise.resolve()
    .then(fn)
    .finally(() => {
      globalThis.Date = RealDate;
    });
}

function bodyBuffer(c) {
  return c.body_base64 !== undefined ? Buffer.from(c.body_base64, 'base64') : Buffer.from(c.body, 'utf8');
}
function bodyText(c) {
  return bodyBuffer(c).toString('utf8');
}
function headersObject(c) {
  const out = {};
  for (const [name, value] of c.headers) {
    const key = name.toLowerCase();
    if (!(key in out)) out[key] = value;
  }
  return out;
}

// Try each secret; true on the first that verifies; the last error propagates (a rejection).
async function anySecret(c, attempt) {
  let lastError = null;
  for (const secret of c.secrets) {
    try {
      if ((await attempt(secret)) !== false) return true;
      lastError = null;
    } catch (e) {
      lastError = e;
    }
  }
  if (lastError) throw lastError;
  return false;
}

// ------------------------------------------------------------------------------------------
// One function per SDK: resolves true (accepted) / false (rejected), or throws
// ------------------------------------------------------------------------------------------

const CHECKS = {
  'npm:standardwebhooks': {
    provider: 'standard-webhooks',
    check: async (c) => {
      const { Webhook } = require('standardwebhooks');
      return anySecret(c, (s) => new Webhook(s).verify(bodyText(c), headersObject(c)) || true);
    },
  },
  'npm:svix': {
    provider: 'svix',
    check: async (c) => {
      const { Webhook } = require('svix');
      return anySecret(c, (s) => new Webhook(s).verify(bodyText(c), headersObject(c)) || true);
    },
  },
  'npm:resend': {
    provider: 'resend',
    check: async (c) => {
      const { Resend } = require('resend');
      const resend = new Resend('re_test_not_used');
      const h = headersObject(c);
      return anySecret(c, (s) => {
        resend.webhooks.verify({
          payload: bodyText(c),
          headers: { id: h['svix-id'], timestamp: h['svix-timestamp'], signature: h['svix-signature'] },
          webhookSecret: s,
        });
        return true;
      });
    },
  },
  'npm:@clerk/backend': {
    provider: 'clerk',
    check: async (c) => {
      const { verifyWebhook } = require('@clerk/backend/webhooks');
      return anySecret(c, async (s) => {
        const request = new Request(c.url, { method: c.method, headers: c.headers, body: bodyBuffer(c) });
        await verifyWebhook(request, { signingSecret: s });
        return true;
      });
    },
  },
  'npm:openai': {
    provider: 'openai',
    check: async (c) => {
      const { OpenAI } = require('openai');
      const client = new OpenAI({ apiKey: 'sk-test-not-used' });
      return anySecret(c, async (s) => {
        await client.webhooks.verifySignature(bodyText(c), headersObject(c), s, c.tolerance ?? 300);
        return true;
      });
    },
  },
  'npm:replicate': {
    provider: 'replicate',
    check: async (c) => {
      const { validateWebhook } = require('replicate');
      const h = headersObject(c);
      return anySecret(c, (s) =>
        validateWebhook({
          id: h['webhook-id'],
          timestamp: h['webhook-timestamp'],
          signature: h['webhook-signature'],
          body: bodyText(c),
          secret: s,
        })
      );
    },
  },
  'npm:@polar-sh/sdk': {
    provider: 'polar',
    check: async (c) => {
      const { validateEvent, WebhookVerificationError } = require('@polar-sh/sdk/webhooks');
      return anySecret(c, (s) => {
        try {
          validateEvent(bodyText(c), headersObject(c), s);
        } catch (e) {
          // SDKValidationError comes after the signature verified: a payload this SDK version
          // does not model (the receiver acknowledges it); anything else is a rejection
          if (e instanceof WebhookVerificationError || !(e && e.name === 'SDKValidationError')) throw e;
          return true;
        }
        return true;
      });
    },
  },
  'npm:stripe': {
    provider: 'stripe',
    check: async (c) => {
      const stripe = require('stripe')('sk_test_not_used');
      const sig = headersObject(c)['stripe-signature'];
      return anySecret(c, (s) => {
        stripe.webhooks.constructEvent(bodyBuffer(c), sig, s, c.tolerance ?? 300);
        return true;
      });
    },
  },
  'npm:@mux/mux-node': {
    provider: 'mux',
    check: async (c) => {
      const Mux = require('@mux/mux-node').default;
      const mux = new Mux({ tokenId: 'not-used', tokenSecret: 'not-used' });
      return anySecret(c, async (s) => {
        await mux.webhooks.verifySignature(bodyText(c), headersObject(c), s);
        return true;
      });
    },
  },
  'npm:@workos-inc/node': {
    provider: 'workos',
    check: async (c) => {
      const { WorkOS } = require('@workos-inc/node');
      const workos = new WorkOS('sk_test_not_used');
      const sig = headersObject(c)['workos-signature'];
      // The SDK JSON.stringify()s the payload it is given, so its docs pass the parsed body
      // (express.json()'s req.body); a raw string would be signed with quotes around it.
      return anySecret(c, async (s) => {
        await workos.webhooks.constructEvent({ payload: JSON.parse(bodyText(c)), sigHeader: sig, secret: s });
        return true;
      });
    },
  },
  'npm:@elevenlabs/elevenlabs-js': {
    provider: 'elevenlabs',
    check: async (c) => {
      const { ElevenLabsClient } = require('@elevenlabs/elevenlabs-js');
      const client = new ElevenLabsClient({ apiKey: 'not-used' });
      const sig = headersObject(c)['elevenlabs-signature'];
      return anySecret(c, async (s) => {
        await client.webhooks.constructEvent(bodyText(c), sig, s);
        return true;
      });
    },
  },
  'npm:@paddle/paddle-node-sdk': {
    provider: 'paddle',
    check: async (c) => {
      const { Paddle } = require('@paddle/paddle-node-sdk');
      const paddle = new Paddle('pdl_sdbx_apikey_not_used');
      const sig = headersObject(c)['paddle-signature'];
      return anySecret(c, (s) => paddle.webhooks.isSignatureValid(bodyText(c), s, sig));
    },
  },
};

// --signers: what the SDKs that can sign produce must be what the oracle wrote (the "valid" cases).
async function signers() {
  const assert = require('assert');
  const valid = (p) =>
    JSON.parse(fs.readFileSync(path.join(VECTORS, `${p}.json`), 'utf8')).cases.find((c) => c.id === `${p}/valid`);
  for (const [p, prefix, pkg] of [
    ['standard-webhooks', 'webhook', 'standardwebhooks'],
    ['openai', 'webhook', 'standardwebhooks'],
    ['replicate', 'webhook', 'standardwebhooks'],
    ['resend', 'svix', 'standardwebhooks'],
    ['clerk', 'svix', 'standardwebhooks'],
    ['svix', 'svix', 'svix'],
  ]) {
    const c = valid(p);
    const h = headersObject(c);
    const { Webhook } = require(pkg);
    const when = new RealDate(Number(h[`${prefix}-timestamp`]) * 1000);
    assert.strictEqual(new Webhook(c.secrets[0]).sign(h[`${prefix}-id`], when, c.body), h[`${prefix}-signature`], p);
  }
  {
    const c = valid('stripe');
    const expected = headersObject(c)['stripe-signature'];
    const stripe = require('stripe')('sk_test_not_used');
    const got = stripe.webhooks.generateTestHeaderString({
      payload: c.body, secret: c.secrets[0], timestamp: Number(expected.split(',')[0].slice(2)),
    });
    assert.strictEqual(got, expected, 'stripe');
  }
  {
    const c = valid('workos');
    const expected = headersObject(c)['workos-signature'];
    const { WorkOS } = require('@workos-inc/node');
    const ts = expected.split(', ')[0].slice(2);
    const got = await new WorkOS('sk_test_not_used').webhooks.computeSignature(ts, JSON.parse(c.body), c.secrets[0]);
    assert.strictEqual(`t=${ts}, v1=${got}`, expected, 'workos');
  }
  process.stdout.write('npm signers (standardwebhooks, svix, stripe, @workos-inc/node) sign what the oracle computes\n');
}

async function main() {
  if (process.argv[2] === '--signers') return signers();
  const out = {};
  const only = process.argv.slice(2);
  for (const [name, { provider, check }] of Object.entries(CHECKS)) {
    if (only.length && !only.includes(name)) continue;
    const cases = JSON.parse(fs.readFileSync(path.join(VECTORS, `${provider}.json`), 'utf8')).cases;
    const verdicts = {};
    for (const c of cases) {
      try {
        verdicts[c.id] = (await withClock(c.now, () => check(c))) ? 'accept' : 'reject';
      } catch (e) {
        verdicts[c.id] = `raise: ${(e && e.constructor && e.constructor.name) || typeof e}: ${String(
          (e && e.message) || e
        ).slice(0, 80)}`;
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
