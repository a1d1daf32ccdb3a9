// The host's script (an external file: the strict policy allows no inline script). The token comes from the
// host's own backend (/token, served by the test), as README step 4 shows; calls are counted for the test.
const widget = document.getElementById('openbook');
const customer = document.body.dataset.customer;
window.hostTest = { providerCalls: 0 };
widget.tokenProvider = async () => {
  window.hostTest.providerCalls += 1;
  const response = await fetch(`/token?customer=${encodeURIComponent(customer)}`, { method: 'POST' });
  return response.json();
};
