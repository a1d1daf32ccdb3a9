// The demo vendor's customer-success console: metrics charts and a sortable customer table, from the
// demo backend (which calls the Open Book API server-side with the vendor's key).
/* global Chart */
const status = document.getElementById('status');
const money = (minor, currency = 'USD') => (minor == null ? '–' : new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(minor / 100));
const percent = (ratio) => (ratio == null ? '–' : `${(ratio * 100).toFixed(1)}%`);

// Health as the rep sees it: from the probability that the customer is still active.
function health(pAlive) {
  if (pAlive == null) return 'unscored';
  if (pAlive >= 0.7) return 'healthy';
  if (pAlive >= 0.4) return 'watch';
  return 'at-risk';
}
const HEALTH_ORDER = { healthy: 3, watch: 2, 'at-risk': 1, unscored: 0 };

function healthBadge(pAlive) {
  const badge = document.createElement('span');
  const h = health(pAlive);
  badge.className = `health health-${h}`;
  badge.textContent = h.replace('-', ' ');
  return badge;
}

// The customer workspace: the Open Book widget in rep mode for one customer. The demo backend mints the rep
// token (POST /demo/api/session with role "rep") as it mints the customers' own; the widget asks for a new one
// through tokenProvider when it expires. What the rep proposes there, the customer finds in /demo/?customer=ID.
const picker = document.getElementById('rep-customer');
const repWidget = document.getElementById('rep-widget');
const repStatus = document.getElementById('rep-status');

async function repToken(customerId) {
  const response = await fetch('/demo/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customerId, role: 'rep' }),
  });
  if (!response.ok) throw new Error(`no rep session for ${customerId}: HTTP ${response.status}`);
  return response.json(); // { token, expiresAt }
}

function openWorkspace(customers, customerId) {
  const customer = customers.find((c) => c.id === customerId);
  if (!customer) return;
  picker.value = customer.id;
  document.getElementById('rep-health').replaceChildren('Health: ', healthBadge(customer.pAlive));
  const view = document.getElementById('rep-customer-view');
  view.href = `/demo/?customer=${encodeURIComponent(customer.id)}`;
  view.textContent = `Open ${customer.name ?? customer.id}'s own view`;
  repStatus.textContent = '';
  repWidget.tokenProvider = () => repToken(customer.id);
  history.replaceState(null, '', `?customer=${encodeURIComponent(customer.id)}`);
}

function startWorkspace(customers) {
  const byName = [...customers].sort((a, b) => String(a.name ?? a.id).localeCompare(String(b.name ?? b.id)));
  for (const customer of byName) {
    const option = document.createElement('option');
    option.value = customer.id;
    option.textContent = customer.name ?? customer.id;
    picker.append(option);
  }
  picker.addEventListener('change', () => openWorkspace(customers, picker.value));
  // The widget tells its host page what the rep did: here, a line above it.
  repWidget.addEventListener('openbook-goal-change', (event) => {
    const { goalId, status } = event.detail;
    repStatus.textContent =
      status === 'proposed'
        ? `Goal ${goalId} sent: it waits for the customer in their own view.`
        : `Goal ${goalId} is now ${status}.`;
  });
  repWidget.addEventListener('openbook-suggestion-select', (event) => {
    repStatus.textContent = `${event.detail.sku} chosen: propose a goal below to work towards it with the customer.`;
  });
  const wanted = new URLSearchParams(location.search).get('customer');
  openWorkspace(customers, customers.some((c) => c.id === wanted) ? wanted : customers[0]?.id);
}

function chart(id, config, summary) {
  const canvas = document.getElementById(id);
  canvas.setAttribute('aria-label', summary);
  return new Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
}

function drawMetrics(metrics) {
  const labels = metrics.periods.map((p) => p.period);
  const line = (label, data, color, extra = {}) => ({ label, data, borderColor: color, backgroundColor: color, tension: 0.2, ...extra });
  chart('chart-retention', {
    type: 'line',
    data: { labels, datasets: [line('Retention rate', metrics.periods.map((p) => p.customers.retentionRate), '#2c4fb8'), line('Churn rate', metrics.periods.map((p) => p.customers.churnRate), '#c2410c')] },
    options: { scales: { y: { ticks: { callback: (v) => percent(v) } } } },
  }, 'Monthly customer retention and churn rates');
  chart('chart-nrr', {
    type: 'line',
    data: { labels, datasets: [line('NRR', metrics.periods.map((p) => p.revenue.netRevenueRetention), '#15803d'), line('GRR', metrics.periods.map((p) => p.revenue.grossRevenueRetention), '#7c3aed')] },
    options: { scales: { y: { ticks: { callback: (v) => percent(v) } } } },
  }, 'Monthly net and gross revenue retention');
  const cohorts = metrics.cohorts.filter((c) => c.acquisitionSpend > 0 && c.customers > 0).slice(-6);
  const longest = Math.max(0, ...cohorts.map((c) => c.cumulativeRevenue.length));
  const palette = ['#2c4fb8', '#15803d', '#c2410c', '#7c3aed', '#0e7490', '#a16207'];
  chart('chart-cohorts', {
    type: 'line',
    data: {
      labels: Array.from({ length: longest }, (_, k) => `month ${k}`),
      datasets: cohorts.map((c, i) => line(c.cohort, c.cumulativeRevenue.map((v) => v / c.acquisitionSpend), palette[i % palette.length])),
    },
  }, 'Cumulative revenue of each recent cohort divided by its acquisition spend');
  chart('chart-clv-cac', {
    type: 'bar',
    data: { labels, datasets: [{ label: 'CLV:CAC', data: metrics.periods.map((p) => p.value.clvToCac), backgroundColor: metrics.periods.map((p) => (p.value.clvToCacBelowTarget ? '#c2410c' : '#2c4fb8')) }] },
  }, 'CLV to CAC ratio by month; months below 3 in orange');
  const segments = metrics.segments?.values ?? [];
  chart('chart-segments', {
    type: 'bar',
    data: { labels: segments.map((s) => s.value ?? 'unknown'), datasets: [{ label: 'Average CLV', data: segments.map((s) => s.averageClv.amount / 100), backgroundColor: '#0e7490' }] },
    options: { indexAxis: 'y' },
  }, 'Average customer lifetime value by industry');
}

function drawPareto(customers) {
  const values = customers.map((c) => c.realised).sort((a, b) => b - a);
  const total = values.reduce((sum, v) => sum + v, 0) || 1;
  let running = 0;
  const points = values.map((v, i) => {
    running += v;
    return { x: (100 * (i + 1)) / values.length, y: (100 * running) / total };
  });
  chart('chart-pareto', {
    type: 'line',
    data: { datasets: [{ label: 'Share of revenue', data: points, borderColor: '#2c4fb8', pointRadius: 0 }] },
    options: { parsing: false, scales: { x: { type: 'linear', title: { display: true, text: '% of customers' } }, y: { title: { display: true, text: '% of revenue' } } } },
  }, 'Cumulative share of revenue against share of customers, largest first');
}

function renderTable(customers, key, direction) {
  const body = document.querySelector('#customers tbody');
  const value = (c) => (key === 'health' ? HEALTH_ORDER[health(c.pAlive)] : c[key] ?? (typeof c.name === 'string' && key !== 'name' ? -1 : ''));
  const sorted = [...customers].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return direction === 'ascending' ? order : -order;
  });
  body.replaceChildren(
    ...sorted.map((c) => {
      const row = document.createElement('tr');
      const link = document.createElement('a');
      link.href = `/demo/?customer=${encodeURIComponent(c.id)}`;
      link.textContent = c.name ?? c.id;
      const cells = [link, c.tier ?? '–', c.stage ?? '–', money(c.realised), money(c.predicted), percent(c.pAlive)];
      for (const [i, content] of cells.entries()) {
        const cell = document.createElement('td');
        if (i >= 3) cell.className = 'number';
        cell.append(content);
        row.append(cell);
      }
      const cell = document.createElement('td');
      cell.append(healthBadge(c.pAlive));
      row.append(cell);
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'open';
      open.textContent = 'Open';
      open.setAttribute('aria-label', `Open ${c.name ?? c.id} in the workspace`);
      open.addEventListener('click', () => {
        openWorkspace(customers, c.id);
        document.getElementById('workspace-title').scrollIntoView();
        picker.focus();
      });
      const workspace = document.createElement('td');
      workspace.append(open);
      row.append(workspace);
      return row;
    }),
  );
}

async function start() {
  const [metrics, { customers }] = await Promise.all([
    fetch('/demo/api/rep/metrics').then((r) => (r.ok ? r.json() : Promise.reject(new Error(`metrics: HTTP ${r.status}`)))),
    fetch('/demo/api/rep/customers').then((r) => (r.ok ? r.json() : Promise.reject(new Error(`customers: HTTP ${r.status}`)))),
  ]);
  startWorkspace(customers);
  drawMetrics(metrics);
  drawPareto(customers);
  let sort = { key: 'predicted', direction: 'descending' };
  renderTable(customers, sort.key, sort.direction);
  for (const button of document.querySelectorAll('#customers th button')) {
    button.addEventListener('click', () => {
      const key = button.dataset.key;
      sort = { key, direction: sort.key === key && sort.direction === 'descending' ? 'ascending' : 'descending' };
      for (const other of document.querySelectorAll('#customers th button')) other.removeAttribute('aria-sort');
      button.setAttribute('aria-sort', sort.direction);
      renderTable(customers, sort.key, sort.direction);
    });
  }
  status.textContent = `Metrics from ${metrics.from} to ${metrics.to}, ${customers.length} customers.`;
}

start().catch((error) => {
  status.textContent = `Could not load the console: ${error.message}`;
});
