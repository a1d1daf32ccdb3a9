// The fake vendor's own front end: fill the customer switcher, and on each switch ask the vendor's
// backend for an embed token and hand it to the widget. The widget itself is the embed under test.
const switcher = document.getElementById('customer-switcher');
const widget = document.getElementById('openbook');

async function signIn(customerId) {
  const response = await fetch('/demo/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customerId }),
  });
  if (!response.ok) throw new Error(`could not sign in as ${customerId}: HTTP ${response.status}`);
  const { token } = await response.json();
  widget.token = token;
}

async function start() {
  const response = await fetch('/demo/api/customers');
  const { customers } = await response.json();
  for (const customer of customers) {
    const option = document.createElement('option');
    option.value = customer.id;
    option.textContent = customer.name ?? customer.id;
    switcher.append(option);
  }
  switcher.addEventListener('change', () => signIn(switcher.value).catch((error) => console.warn(error)));
  // The rep console links here with ?customer=ID to open that customer's view.
  const wanted = new URLSearchParams(location.search).get('customer');
  const first = wanted ?? customers[0]?.id;
  if (wanted && !customers.some((customer) => customer.id === wanted)) {
    const option = document.createElement('option');
    option.value = wanted;
    option.textContent = wanted;
    switcher.append(option);
  }
  if (first) {
    switcher.value = first;
    await signIn(first);
  }
}

start().catch((error) => console.warn('demo failed to start', error));
