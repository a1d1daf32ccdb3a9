import type { CustomerValue } from '../../api-client.ts';
import type { Messages } from '../../i18n/index.ts';
import { GrowthSection, isRecord, type ViewFactory } from '../growth/growth-section.ts';

/**
 * The `simulator` section: "what if I ordered more often, spent more per order, or added a product?". Sliders
 * for orders per month and the average order, and a checkbox per product the customer could add (from `GET
 * /v1/me/what-if`); the predicted value, the date of the next tier and the milestones' dates follow every
 * move, computed in the browser by `whatIf` of shared/suggestions/what-if.ts, the function the server uses.
 *
 * The model code is large: it arrives in a chunk of its own (`simulator-view.ts` with `simulator-engine.ts`),
 * imported when the section is first shown, together with the customer's inputs. Before the customer is
 * scored (no `prediction` in `/v1/me`) there is nothing to simulate and the section shows nothing. Nothing is
 * ordered or saved.
 *
 * ```html
 * <openbook-simulator api="https://HOST" token="EMBED_JWT"></openbook-simulator>
 * ```
 *
 * @summary A what-if simulator of the predicted value, tier and milestone dates.
 *
 * @fires - (none) this element fires no events.
 *
 * @csspart card - the outer box of every state (standalone only)
 * @csspart header - heading and date of the figures (standalone only)
 * @csspart simulator - the section's block
 * @csspart simulator-controls - the sliders and checkboxes
 * @csspart simulator-results - the figures with the changes
 * @csspart simulator-error - the note shown when the simulator could not be loaded (role="alert")
 * @csspart growth-note - the note shown if the section's code or texts could not be loaded
 * @csspart skeleton - the placeholder shown while loading
 * @csspart empty - the "No orders yet" message
 * @csspart error - the error message
 * @csspart notice - the "may be out of date" notice over the last known figures
 * @csspart retry-button - the "Try again" buttons
 * @csspart signed-out - the signed-out message
 *
 * @cssproperty [--openbook-accent=#1d5fd1] - sliders, the frame of the results, buttons, focus rings
 * @cssproperty [--openbook-surface=#ffffff] - card background (and button text)
 * @cssproperty [--openbook-text=#1b1f24] - text colour
 * @cssproperty [--openbook-muted=#535c68] - secondary text
 * @cssproperty [--openbook-border=#8a929c] - lines around the card and the products
 * @cssproperty [--openbook-danger=#b3261e] - the mark beside errors
 * @cssproperty [--openbook-radius=12px] - corner radius
 * @cssproperty [--openbook-font=system-ui] - font family
 */
export class OpenbookSimulator extends GrowthSection {
  /** Whether there is anything to simulate: the customer has a prediction. */
  static shows(value: CustomerValue): boolean {
    return isRecord(value.prediction);
  }

  protected readonly key = 'simulator';

  protected override hasContent(value: CustomerValue): boolean {
    return OpenbookSimulator.shows(value);
  }

  protected override heading(m: Messages): string {
    return m.growth.simulatorTitle;
  }

  protected override loadView(): Promise<ViewFactory> {
    return import('./simulator-view.ts').then((module) => module.createSimulatorView);
  }
}

if (!customElements.get('openbook-simulator')) customElements.define('openbook-simulator', OpenbookSimulator);

declare global {
  interface HTMLElementTagNameMap {
    'openbook-simulator': OpenbookSimulator;
  }
}
