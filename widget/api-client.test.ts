import { expect } from '@open-wc/testing';
import { ApiError, fetchCustomerValue } from './api-client.ts';

// Runs against the test API of web-test-runner.config.mjs, which answers 401 without a bearer token and
// 400 when the token appears in the URL.

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('fetchCustomerValue', () => {
  it('sends the token as a bearer token and returns the customer value', async () => {
    const value = await fetchCustomerValue({ api: '/test-api/ok', token: 'ada' });
    expect(value.customer.name).to.equal('Ada Lovelace');
    expect(value.figures.simpleClv.amount).to.equal(31875);
  });

  it('accepts a base URL with a trailing slash', async () => {
    const value = await fetchCustomerValue({ api: '/test-api/ok/', token: 'grace' });
    expect(value.currency).to.equal('JPY');
  });

  it('throws an ApiError with the status and the server’s code and message', async () => {
    const error = await rejection(fetchCustomerValue({ api: '/test-api/error', token: 'ada' }));
    expect(error).to.be.instanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).to.equal(500);
    expect(apiError.code).to.equal('internal_error');
    expect(apiError.serverMessage).to.equal('The value service is temporarily unavailable.');
    expect(apiError.details).to.deep.equal([]);
  });

  it('carries the server’s Retry-After, in milliseconds', async () => {
    const token = `ada.fail-1.retry-after-7.${crypto.randomUUID()}`;
    const error = await rejection(fetchCustomerValue({ api: '/test-api/ok', token }));
    expect((error as ApiError).status).to.equal(503);
    expect((error as ApiError).retryAfterMs).to.equal(7000);
    const plain = await rejection(fetchCustomerValue({ api: '/test-api/error', token: 'ada' }));
    expect((plain as ApiError).retryAfterMs).to.equal(undefined);
  });

  it('reports a token the server does not know as a 401', async () => {
    const error = await rejection(fetchCustomerValue({ api: '/test-api/ok', token: 'nobody' }));
    expect((error as ApiError).status).to.equal(401);
    expect((error as ApiError).code).to.equal('invalid_token');
  });

  it('throws an ApiError without a server message when the body is not the contract’s error', async () => {
    const error = await rejection(fetchCustomerValue({ api: '/test-api/proxy-error', token: 'ada' }));
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).status).to.equal(502);
    expect((error as ApiError).code).to.equal('http_502');
    expect((error as ApiError).serverMessage).to.equal(undefined);
  });

  it('throws a network ApiError with status 0 when the server cannot be reached', async () => {
    const error = await rejection(fetchCustomerValue({ api: 'http://127.0.0.1:9', token: 'ada' }));
    expect(error).to.be.instanceOf(ApiError);
    expect((error as ApiError).status).to.equal(0);
    expect((error as ApiError).code).to.equal('network_error');
  });

  it('rejects with the abort reason when aborted', async () => {
    const controller = new AbortController();
    const pending = fetchCustomerValue({ api: '/test-api/ok', token: 'ada.delay-300', signal: controller.signal });
    controller.abort();
    const error = await rejection(pending);
    expect(error).not.to.be.instanceOf(ApiError);
    expect((error as DOMException).name).to.equal('AbortError');
  });
});
