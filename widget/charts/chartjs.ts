/**
 * The only module that imports chart.js. It is loaded with a dynamic `import()` when a chart is about to
 * be shown, so chart.js lands in its own chunk and pages that never scroll to the chart never fetch it.
 * Only the pieces a filled line chart needs are registered, which lets the bundler drop the rest.
 */
import {
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Tooltip);

export interface CumulativeChartInput {
  labels: string[];
  /** Cumulative value per month, in major units of the currency (the chart's scale). */
  values: number[];
  datasetLabel: string;
  /** Formats a value of `values` for ticks and tooltips. */
  formatValue: (value: number) => string;
  colors: { line: string; fill: string; text: string; grid: string };
  /** The host's font family, so that axis labels match the rest of the widget. */
  fontFamily: string;
  animate: boolean;
}

export type CumulativeChart = Chart<'line', number[], string>;

export function createCumulativeChart(canvas: HTMLCanvasElement, input: CumulativeChartInput): CumulativeChart {
  const { colors } = input;
  const font = { family: input.fontFamily };
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: input.labels,
      datasets: [
        {
          label: input.datasetLabel,
          data: input.values,
          borderColor: colors.line,
          backgroundColor: colors.fill,
          pointBackgroundColor: colors.line,
          pointRadius: input.values.length > 24 ? 0 : 3,
          pointHoverRadius: 5,
          pointHitRadius: 8,
          borderWidth: 2,
          fill: 'origin',
          // Straight segments: a smoothed curve would dip between months, which a running total never does.
          tension: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: input.animate ? undefined : false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { ticks: { color: colors.text, font, autoSkip: true, maxRotation: 0 }, grid: { display: false } },
        y: {
          beginAtZero: true,
          ticks: { color: colors.text, font, callback: (value) => input.formatValue(Number(value)) },
          grid: { color: colors.grid },
        },
      },
      plugins: {
        tooltip: { titleFont: font, bodyFont: font, callbacks: { label: (item) => input.formatValue(item.parsed.y ?? 0) } },
      },
    },
  });
}
