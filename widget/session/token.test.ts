import { expect } from '@open-wc/testing';
import { testJwt } from '../test-helpers.ts';
import { EXPIRY_SKEW_MS, isExpiring, jwtExpiry, REFRESH_LEAD_MS, refreshDelay, toCredential } from './token.ts';

describe('jwtExpiry', () => {
  it('reads exp from the payload, in milliseconds, without verifying the signature', () => {
    expect(jwtExpiry(testJwt({ sub: 'ada', exp: 1_750_000_000 }))).to.equal(1_750_000_000_000);
  });

  it('reads base64url payloads that need padding and hold non-ASCII text', () => {
    for (const sub of ['a', 'ab', 'abc', '陳大文', 'Zoë']) {
      expect(jwtExpiry(testJwt({ sub, exp: 1_700_000_123 })), sub).to.equal(1_700_000_123_000);
    }
  });

  it('answers undefined for opaque tokens, malformed payloads and missing or odd exp claims', () => {
    expect(jwtExpiry('ada')).to.equal(undefined);
    expect(jwtExpiry('a.b')).to.equal(undefined);
    expect(jwtExpiry('eyJhbGciOiJIUzI1NiJ9.!!!.sig')).to.equal(undefined);
    expect(jwtExpiry(testJwt({ sub: 'ada' }))).to.equal(undefined);
    expect(jwtExpiry(testJwt({ sub: 'ada', exp: '1750000000' }))).to.equal(undefined);
  });
});

describe('toCredential', () => {
  it('takes a string or a {token, expiresAt} grant, and prefers the grant’s expiry to the JWT’s', () => {
    const jwt = testJwt({ sub: 'ada', exp: 2_000_000_000 });
    expect(toCredential(jwt)).to.deep.equal({ token: jwt, expiresAt: 2_000_000_000_000 });
    expect(toCredential({ token: jwt, expiresAt: '2030-01-01T00:00:00Z' })?.expiresAt).to.equal(
      Date.UTC(2030, 0, 1),
    );
    expect(toCredential({ token: 'ada', expiresAt: new Date(5000) })?.expiresAt).to.equal(5000);
    expect(toCredential({ token: 'ada', expiresAt: 7000 })?.expiresAt).to.equal(7000);
    expect(toCredential('ada')).to.deep.equal({ token: 'ada', expiresAt: undefined });
  });

  it('refuses what is not a usable token', () => {
    for (const input of ['', 'two words', 42, null, undefined, {}, { token: 7 }, ['ada']]) {
      expect(toCredential(input), JSON.stringify(input)).to.equal(undefined);
    }
  });
});

describe('refreshDelay', () => {
  const now = 1_000_000;

  it('asks for the next token a minute before expiry', () => {
    expect(refreshDelay(now + 15 * 60_000, now)).to.equal(15 * 60_000 - REFRESH_LEAD_MS);
  });

  it('refreshes a short-lived token halfway through what is left, never sooner than a second', () => {
    expect(refreshDelay(now + 40_000, now)).to.equal(20_000);
    expect(refreshDelay(now + 500, now)).to.equal(1_000);
    expect(refreshDelay(now - 10_000, now)).to.equal(1_000);
  });

  it('stays within what setTimeout accepts', () => {
    expect(refreshDelay(now + 365 * 24 * 3_600_000, now)).to.equal(2_147_483_647);
  });
});

describe('isExpiring', () => {
  it('is true within a few seconds of expiry and after it, and false without a known expiry', () => {
    const now = 1_000_000;
    expect(isExpiring({ token: 'a', expiresAt: now + EXPIRY_SKEW_MS + 1 }, now)).to.equal(false);
    expect(isExpiring({ token: 'a', expiresAt: now + EXPIRY_SKEW_MS }, now)).to.equal(true);
    expect(isExpiring({ token: 'a', expiresAt: now - 1 }, now)).to.equal(true);
    expect(isExpiring({ token: 'a', expiresAt: undefined }, now)).to.equal(false);
  });
});
