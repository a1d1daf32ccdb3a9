/**
 * The widget benchmark's baseline (bench/widget.ts): the smallest Lit element, built the way the widget is, so
 * its size and its time from connected to painted are what Lit itself costs.
 */
import { LitElement, html } from 'lit';

class EmptyLitElement extends LitElement {
  override render() {
    return html`<p data-state="loaded">0</p>`;
  }
}

customElements.define('openbook-bench-empty', EmptyLitElement);
